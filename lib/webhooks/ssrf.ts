// Where a webhook may be sent (API.md "Webhooks"): https to a public address only. Private,
// loopback, link-local, unspecified and other special-purpose targets are refused — also when
// written as IPv4-mapped (or -compatible, NAT64, 6to4) IPv6 — when an endpoint is created and
// again on every delivery, after resolving the name, so a DNS answer that changed since creation
// (rebinding) is caught. The sender then connects to the very address checked here.
// WEBHOOKS_ALLOW_LOCALHOST=1 (embedded default, tests) admits http://127.0.0.1 and
// http://localhost — those two hosts, to a loopback address — and nothing else.

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (lib/webhooks/http-sender.ts: node:dns). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export type VettedUrl = { ok: true; url: URL; hostname: string; address: ResolvedAddress } | { ok: false; reason: string };

export const MAX_URL_LENGTH = 2048;
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost"]);

// --- addresses as bytes --------------------------------------------------------------------------

function parseIPv4(s: string): number[] | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function parseIPv6(input: string): number[] | null {
  let s = input.toLowerCase();
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  if (s.includes(".")) {
    // A trailing dotted quad (`::ffff:127.0.0.1`) becomes its two hex groups.
    const lastColon = s.lastIndexOf(":");
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (!v4 || lastColon < 0) return null;
    const hex = (a: number, b: number) => ((a << 8) | b).toString(16);
    s = `${s.slice(0, lastColon + 1)}${hex(v4[0]!, v4[1]!)}:${hex(v4[2]!, v4[3]!)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  const bytes: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  return bytes.length === 16 ? bytes : null;
}

function inPrefix(bytes: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if ((bytes[byte]! & mask) !== (prefix[byte]! & mask)) return false;
  }
  return true;
}

type Range = [prefix: string, bits: number, what: string];

// Special-purpose IPv4 (RFC 6890 and friends): nothing a public webhook receiver lives on.
const v4Blocked: Range[] = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "private (carrier-grade NAT)"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "reserved"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

const v6Blocked: Range[] = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["100::", 64, "discard"],
  ["2001:db8::", 32, "documentation"],
  ["fc00::", 7, "private (unique local)"],
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "site-local"],
  ["ff00::", 8, "multicast"],
];

// IPv6 forms that carry an IPv4 address: it is the IPv4 address that is checked.
const v6Embedding: [prefix: string, bits: number, offset: number][] = [
  ["::ffff:0:0", 96, 12], // IPv4-mapped
  ["::", 96, 12], // IPv4-compatible (deprecated)
  ["64:ff9b::", 96, 12], // NAT64
  ["64:ff9b:1::", 48, 12], // local-use NAT64
  ["2002::", 16, 2], // 6to4
];

function classifyV4(bytes: number[]): string | null {
  for (const [p, bits, what] of v4Blocked) if (inPrefix(bytes, parseIPv4(p)!, bits)) return what;
  if (bytes.every((b) => b === 255)) return "broadcast";
  return null;
}

function classifyV6(bytes: number[]): string | null {
  for (const [p, bits, what] of v6Blocked) if (inPrefix(bytes, parseIPv6(p)!, bits)) return what;
  for (const [p, bits, offset] of v6Embedding) {
    if (inPrefix(bytes, parseIPv6(p)!, bits)) return classifyV4(bytes.slice(offset, offset + 4));
  }
  return null;
}

/**
 * Why an IP address is not a public one ("loopback", "private", …), or null when it is public.
 * Anything that does not parse as an IP address is refused too.
 */
export function nonPublicReason(address: string): string | null {
  const v4 = parseIPv4(address);
  if (v4) return classifyV4(v4);
  const v6 = parseIPv6(address);
  if (v6) return classifyV6(v6);
  return "not an IP address";
}

export function isPublicAddress(address: string): boolean {
  return nonPublicReason(address) === null;
}

/** An IP literal's family, or null for a host name. */
export function ipFamily(host: string): 4 | 6 | null {
  if (parseIPv4(host)) return 4;
  if (parseIPv6(host)) return 6;
  return null;
}

function isLoopback(address: string): boolean {
  const v4 = parseIPv4(address);
  if (v4) return v4[0] === 127;
  const v6 = parseIPv6(address);
  if (!v6) return false;
  if (inPrefix(v6, parseIPv6("::1")!, 128)) return true;
  return inPrefix(v6, parseIPv6("::ffff:0:0")!, 96) && v6[12] === 127;
}

// --- URLs ----------------------------------------------------------------------------------------

/** The URL's own rules (scheme, credentials, length), before any name is resolved. */
export function urlShapeProblem(raw: string, opts: { allowLocalhost: boolean }): { url: URL; hostname: string } | string {
  if (raw.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  const local = opts.allowLocalhost && LOCAL_HOSTS.has(hostname);
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) {
    return opts.allowLocalhost ? "must be an https URL (or http://127.0.0.1, http://localhost)" : "must be an https URL";
  }
  if (url.username || url.password) return "must not contain credentials";
  if (!hostname) return "must name a host";
  return { url, hostname };
}

/**
 * Checks a webhook URL and resolves it to the one address to connect to: every address the name
 * resolves to must be public (a name with one private address among public ones is refused: the
 * client would pick one at random). With `allowLocalhost`, http(s)://127.0.0.1 and localhost are
 * admitted, to loopback addresses only.
 */
export async function vetWebhookUrl(raw: string, opts: { allowLocalhost: boolean; resolve: ResolveHost }): Promise<VettedUrl> {
  const shape = urlShapeProblem(raw, opts);
  if (typeof shape === "string") return { ok: false, reason: shape };
  const { url, hostname } = shape;
  const local = opts.allowLocalhost && LOCAL_HOSTS.has(hostname);
  const literal = ipFamily(hostname);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: hostname, family: literal }];
  else {
    try {
      addresses = await opts.resolve(hostname);
    } catch {
      return { ok: false, reason: "must be a host name that resolves" };
    }
  }
  if (!addresses.length) return { ok: false, reason: "must be a host name that resolves" };
  for (const a of addresses) {
    if (local) {
      if (!isLoopback(a.address)) return { ok: false, reason: "localhost must resolve to a loopback address" };
      continue;
    }
    const why = nonPublicReason(a.address);
    if (why) return { ok: false, reason: `must point to a public address (this one is ${why})` };
  }
  return { ok: true, url, hostname, address: addresses[0]! };
}
