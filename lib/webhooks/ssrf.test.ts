// Which webhook targets are refused (API.md "Webhooks"): the address table, every IPv6 spelling
// of a refused IPv4 address included, and the URL rules with and without WEBHOOKS_ALLOW_LOCALHOST.
import { describe, expect, it } from "vitest";
import { nonPublicReason, vetWebhookUrl, type ResolveHost } from "./ssrf";

describe("nonPublicReason", () => {
  it.each([
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.254", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private (carrier-grade NAT)"],
    ["100.127.255.255", "private (carrier-grade NAT)"],
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["169.254.169.254", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["fc00::1", "private (unique local)"],
    ["fd12:3456::1", "private (unique local)"],
    ["fe80::1", "link-local"],
    ["febf::1", "link-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["::ffff:192.168.0.1", "private"],
    ["::ffff:0.0.0.0", "unspecified"],
    ["::127.0.0.1", "loopback"],
    ["64:ff9b::a00:1", "private"],
    ["2002:7f00:1::", "loopback"],
    ["not-an-ip", "not an IP address"],
    ["1.2.3", "not an IP address"],
    ["01.2.3.4", "not an IP address"],
  ])("%s → %s", (address, reason) => {
    expect(nonPublicReason(address)).toBe(reason);
  });

  it.each(["1.1.1.1", "8.8.8.8", "93.184.215.14", "172.32.0.1", "100.128.0.1", "169.255.0.1", "2606:4700:4700::1111", "2a00:1450:4001:82a::200e", "::ffff:8.8.8.8", "64:ff9b::808:808"])(
    "%s is public",
    (address) => expect(nonPublicReason(address)).toBeNull(),
  );
});

const dns =
  (table: Record<string, string[]>): ResolveHost =>
  async (host) => {
    const list = table[host];
    if (!list) throw Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" });
    return list.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

const resolve = dns({
  "hooks.example.com": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
  "rebind.example.com": ["93.184.215.14", "10.0.0.5"],
  "internal.example.com": ["192.168.0.10"],
  "v6local.example.com": ["fe80::1"],
  "mapped.example.com": ["::ffff:169.254.169.254"],
  localhost: ["127.0.0.1", "::1"],
});

describe("vetWebhookUrl", () => {
  const strict = { allowLocalhost: false, resolve };
  const local = { allowLocalhost: true, resolve };

  it("admits https to a name whose every address is public, and names the one to connect to", async () => {
    const v = await vetWebhookUrl("https://hooks.example.com/in?x=1", strict);
    expect(v).toMatchObject({ ok: true, hostname: "hooks.example.com", address: { address: "93.184.215.14", family: 4 } });
    expect((await vetWebhookUrl("https://93.184.215.14:8443/hook", strict)).ok).toBe(true);
    expect((await vetWebhookUrl("https://[2606:4700:4700::1111]/hook", strict)).ok).toBe(true);
  });

  it.each([
    ["http://hooks.example.com/", "must be an https URL"],
    ["ftp://hooks.example.com/", "must be an https URL"],
    ["hooks.example.com/in", "must be an absolute URL"],
    ["https://user:pw@hooks.example.com/", "must not contain credentials"],
    ["https://rebind.example.com/", "must point to a public address (this one is private)"],
    ["https://internal.example.com/", "must point to a public address (this one is private)"],
    ["https://v6local.example.com/", "must point to a public address (this one is link-local)"],
    ["https://mapped.example.com/", "must point to a public address (this one is link-local)"],
    ["https://nowhere.example.com/", "must be a host name that resolves"],
    ["https://127.0.0.1/", "must point to a public address (this one is loopback)"],
    ["https://0x7f.1/", "must point to a public address (this one is loopback)"],
    ["https://2130706433/", "must point to a public address (this one is loopback)"],
    ["https://[::1]/", "must point to a public address (this one is loopback)"],
    ["https://[::ffff:127.0.0.1]/", "must point to a public address (this one is loopback)"],
    ["https://[fd00::1]/", "must point to a public address (this one is private (unique local))"],
    ["https://169.254.169.254/latest/meta-data", "must point to a public address (this one is link-local)"],
    ["https://0.0.0.0/", "must point to a public address (this one is unspecified)"],
    ["https://localhost/", "must point to a public address (this one is loopback)"],
    ["http://127.0.0.1:8080/", "must be an https URL"],
    [`https://hooks.example.com/${"a".repeat(2048)}`, "must be at most 2048 characters"],
  ])("refuses %s", async (url, reason) => {
    expect(await vetWebhookUrl(url, strict)).toEqual({ ok: false, reason });
  });

  it("WEBHOOKS_ALLOW_LOCALHOST admits http://127.0.0.1 and http://localhost, and nothing else that is not public", async () => {
    expect(await vetWebhookUrl("http://127.0.0.1:4000/hook", local)).toMatchObject({ ok: true, address: { address: "127.0.0.1" } });
    expect(await vetWebhookUrl("http://localhost:4000/hook", local)).toMatchObject({ ok: true, address: { address: "127.0.0.1" } });
    for (const url of ["http://10.0.0.1/", "http://[::1]/", "http://127.0.0.2/", "https://internal.example.com/", "http://hooks.example.com/", "https://[::ffff:7f00:1]/"]) {
      expect((await vetWebhookUrl(url, local)).ok, url).toBe(false);
    }
    const rebound = await vetWebhookUrl("http://localhost/", { allowLocalhost: true, resolve: dns({ localhost: ["10.0.0.1"] }) });
    expect(rebound).toEqual({ ok: false, reason: "localhost must resolve to a loopback address" });
  });
});
