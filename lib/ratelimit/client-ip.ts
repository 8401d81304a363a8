// The client's IP address, for per-IP limits. `next start` sets `x-forwarded-for` to the TCP
// peer's address only when the request does not carry one (Next's base-server: `??=`); a proxy
// in front (Vercel, a load balancer, nginx) sets it, or `x-real-ip`. We take the FIRST hop of
// x-forwarded-for, then x-real-ip.
//
// Trust assumption: the deployment's edge overwrites (not appends to) x-forwarded-for /
// x-real-ip with the address it saw — Vercel does; for nginx that is
// `proxy_set_header X-Forwarded-For $remote_addr`. A `next start` exposed directly to the internet
// believes whatever x-forwarded-for a client sends, so per-IP limits there are advisory; the
// per-email, per-user and per-brand limits do not depend on it.
const MAX_LEN = 64;

export function clientIp(headers: Pick<Headers, "get">): string {
  const first = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = first || headers.get("x-real-ip")?.trim() || "unknown";
  // IPv4-mapped IPv6 (::ffff:1.2.3.4) is the IPv4 address; anything odd is cut to a sane length.
  return ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "").toLowerCase().slice(0, MAX_LEN);
}
