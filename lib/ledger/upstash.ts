// The usage ledger on Upstash Redis (@upstash/redis, REST). Chosen over the database ledger when
// UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN are set.
//
// Key design — chosen with numbers (bench/ledger-memory.ts, Redis 7.0, MEMORY USAGE per claim;
// users drawn from a population of 1e6, so a code's claimants are sparse):
//
//   bytes per claim, by claims per code          10     100   1 000  10 000  50 000
//   string key sha256(user:code) → time         136     136     136     136     136
//   one hash per code, field = user seq          30      17      56      61      59
//   hash per code in 64 buckets (seq mod 64)    153     100      26      18      59
//   hash per code in 128 buckets (seq mod 128)  168     124      35      18      17
//   hash per code in 256 buckets                168     138      54      20      17
//
// The design documents' estimate is ~100 M usages a year over ~12 000 codes a year, i.e. ~8 000
// claims per code, and memory is dominated by the big codes. So a claim is a field of a per-code
// hash split into BUCKETS buckets by the user's small integer handle (users.seq): field = seq,
// value = the claim time (the documents' "value: datetime"; µs since the epoch — the ms plus 3
// random digits, so every claim attempt has its own value — an integer, stored as compactly as
// the ms alone). With 128 buckets a code stays in Redis's compact listpack encoding (≤ 128
// fields per bucket at Redis's default config) up to ~16 000 claims (~64 000 at the 512 this
// server uses): ~17–18 bytes a claim, 7–8× less than one string key per (user, code). Small
// codes cost more per claim but little in total; codes far past that fall back to hashtable
// buckets (~60 bytes a claim), still half of the string keys. Every bucket expires at its code's
// end (EXPIREAT, set atomically with the claim), so the gate's memory follows the live codes,
// never the history.
//
// A claim is one Lua script (atomic): HSETNX, then EXPIREAT on success. When the field already
// holds this very attempt's value, the claim is ours — the client retried after a lost response —
// and counts as won. (Two racers drawing the same value would both "win"; the unique
// (code_id, user_id) index on usage_records stops the second, and redeem-code.ts answers it 409
// without releasing.)
import { randomInt } from "node:crypto";
import { Redis } from "@upstash/redis";
import { windowIndex, type ClaimRef, type CounterWindow, type UsageLedger } from "./types";

export const BUCKETS = 128;

const CLAIM = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('EXPIREAT', KEYS[1], ARGV[3])
  return 1
end
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return 1 end
return 0
`;

export interface UpstashLedgerOptions {
  url: string;
  token: string;
  /** Prepended to every key (tests use a random one). */
  prefix?: string;
}

export function createUpstashLedger(opts: UpstashLedgerOptions): UsageLedger {
  // Network errors are retried a little; a claim is safe to retry (see above).
  const redis = new Redis({ url: opts.url, token: opts.token, retry: { retries: 2, backoff: (n) => 50 * 2 ** n } });
  const prefix = opts.prefix ?? "dl:";
  const claimScript = redis.createScript<number>(CLAIM);
  const bucketOf = (ref: ClaimRef) => `${prefix}c:${ref.codeId}:${ref.user.seq % BUCKETS}`;
  const counterKey = (key: string, w: CounterWindow) => `${prefix}rl:${key}:${windowIndex(w)}`;

  return {
    kind: "upstash",

    async claim(ref, { expiresAt, now }) {
      const expireAt = Math.ceil(expiresAt.getTime() / 1000);
      const value = String(now.getTime() * 1000 + randomInt(1000));
      const won = await claimScript.exec([bucketOf(ref)], [String(ref.user.seq), value, String(expireAt)]);
      return Number(won) === 1;
    },

    async release(ref) {
      await redis.hdel(bucketOf(ref), String(ref.user.seq));
    },

    async isClaimed(ref) {
      return (await redis.hexists(bucketOf(ref), String(ref.user.seq))) === 1;
    },

    async hits(key, w) {
      return Number((await redis.get<number>(counterKey(key, w))) ?? 0);
    },

    async hit(key, w) {
      const k = counterKey(key, w);
      const [count] = await redis.multi().incr(k).expire(k, w.seconds + 1).exec<[number, number]>();
      return count;
    },

    async ping() {
      await redis.ping();
    },

    async sweep() {
      return 0;
    },

    async close() {},
  };
}
