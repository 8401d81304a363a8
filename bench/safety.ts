// What an attacker meets on a running server (`npm start`, or any BASE_URL): prints, for each
// attack of issue 9, what got through and what was refused. Bounded: every loop stops by count
// and by time, and only talks to BASE_URL (default http://127.0.0.1:3000 — a local server).
//
//   BASE_URL=http://127.0.0.1:3000 npx tsx bench/safety.ts
import { report } from "../lib/log/report";
const base = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const SECONDS = Number(process.env.SAFETY_SECONDS ?? 10);

type Tally = Record<string, number>;
const bump = (t: Tally, k: string | number) => void (t[String(k)] = (t[String(k)] ?? 0) + 1);

async function forSeconds(parallel: number, seconds: number, max: number, send: (i: number) => Promise<number>): Promise<Tally> {
  const tally: Tally = {};
  const end = Date.now() + seconds * 1000;
  let i = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (Date.now() < end && i < max) bump(tally, await send(i++).catch(() => "network"));
    }),
  );
  return tally;
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

async function main() {
  const run = Date.now().toString(36);
  report(`safety figures against ${base} (${SECONDS} s per attack)\n`);

  // 1. Guessing codes from fresh accounts on one IP (per-user budgets reset with each account).
  // Each fresh account guesses until refused: the first meets its own budget (20 misses a
  // minute); the next ones meet the address's (30) — a new account does not reset it.
  const refusedAfter: number[] = [];
  for (let acct = 0; acct < 3; acct++) {
    const email = `guess-${run}-${acct}@example.test`;
    await post("/api/v1/auth/register", { email, password: "long enough pw", name: "Guess", role: "shopper" });
    const tok = (await (await post("/api/v1/auth/token", { email, password: "long enough pw" })).json()) as { token?: string };
    if (!tok.token) break;
    let n = 0;
    while (n < 40) {
      n++;
      const s = (await fetch(`${base}/api/v1/discountcode/GUESS${run}${acct}X${n}`, { headers: { authorization: `Bearer ${tok.token}` } })).status;
      if (s === 429) break;
    }
    refusedAfter.push(n);
  }
  report(`code guesses from fresh accounts on one IP: 429 at guess ${refusedAfter.join(", ")} of each account`);

  // A failed sign-in budget per IP (100 / h) also stops token issue from this IP afterwards:
  // the guessing above runs first.
  // 2. Wrong passwords for one account, 4 in parallel (the issue measured 197–434 accepted tries).
  const wrong = await forSeconds(4, SECONDS, 5000, async () => (await post("/api/v1/auth/token", { email: "brand@example.com", password: "wrong-password" })).status);
  report(`wrong passwords for one email, 4 parallel, ${SECONDS} s:`, wrong);

  // 3. Sign-ups from one address (the issue: 30 accounts in < 1 s).
  const signups = await forSeconds(4, SECONDS, 40, async (i) =>
    (await post("/api/v1/auth/register", { email: `safety-${run}-${i}@example.test`, password: "long enough pw", name: "Safety", role: "shopper" })).status,
  );
  report(`sign-ups from one IP, ${SECONDS} s (at most 40 tried):`, signups);

  // 4. The local mailbox, anonymously.
  const mailbox = await Promise.all(["/api/dev/mailbox?limit=500", "/api/v1/dev/mailbox", "/dev/mailbox"].map(async (p) => `${p} → ${(await fetch(`${base}${p}`, { redirect: "manual" })).status}`));
  report("anonymous mailbox:", mailbox.join(", "));

  // 5. Hostile input that answered 500 before.
  const hostile: [string, RequestInit & { path: string }][] = [
    ["malformed %-escape", { path: "/api/v1/discountcode/%zz" }],
    ["lone %", { path: "/api/v1/discountcode/%" }],
    ["overlong UTF-8", { path: "/api/v1/discountcode/%C0%AF" }],
    ["NUL in register name", { path: "/api/v1/auth/register", method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: `nul-${run}@example.test`, password: "long enough pw", name: "a\u0000b", role: "shopper" }) }],
    ["broken multipart to /", { path: "/", method: "POST", headers: { "content-type": "multipart/form-data; boundary=x" }, body: "--x\r\nbroken" }],
    ["unknown /api path", { path: "/api/v1/x-nope" }],
    ["wrong method", { path: "/api/v1/health", method: "DELETE" }],
  ];
  for (const [what, { path, ...init }] of hostile) {
    const res = await fetch(`${base}${path}`, { redirect: "manual", ...init });
    report(`  ${what.padEnd(24)} ${res.status} ${res.headers.get("content-type") ?? ""}`);
  }

}

await main();
export {};
