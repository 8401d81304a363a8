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
// A claim is one Lua script (atomic): the guard check, HSETNX, then EXPIREAT on success — or, when
// the field is taken, its value (the standing claim's time). Releasing a particular claim is
// another script: delete the field only if it still holds that claim (compare-and-delete). The
// claim is retried by hand on a network error (the client's own retries are off for it): a retry
// whose first attempt did land finds its own value in the field and counts as won, so a lost
// response never turns into a false "already used". (A fresh attempt never accepts a matching
// value: only a retry can be its own earlier attempt.)
import { randomInt } from "node:crypto";
import { errors, Redis } from "@upstash/redis";
import { windowIndex, type ClaimRef, type CounterWindow, type UsageLedger } from "./types";

export const BUCKETS = 128;

// KEYS[1] the bucket, KEYS[2] the code's use counter (capped codes), KEYS[3] the guard's counter
// (optional); ARGV: field, value, expire-at, guard limit, "1" on a retry, the cap ('' = none).
// Returns {1, uses} won, {-1} refused by the guard, {0, value} taken (the standing claim's value:
// its time), {-2} exhausted (no claim of this user, no use left). The cap is checked and counted
// in the same script as the claim: exactly as many racers win as there are uses left.
const CLAIM = `
if ARGV[5] == '1' and redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  return {1, tonumber(redis.call('GET', KEYS[2]) or '0')}
end
if KEYS[3] and tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[4]) then return {-1} end
local standing = redis.call('HGET', KEYS[1], ARGV[1])
if standing then return {0, standing} end
local n = 0
if ARGV[6] ~= '' then
  n = tonumber(redis.call('GET', KEYS[2]) or '0')
  if n >= tonumber(ARGV[6]) then return {-2} end
  n = redis.call('INCR', KEYS[2])
  redis.call('EXPIREAT', KEYS[2], ARGV[3])
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIREAT', KEYS[1], ARGV[3])
return {1, n}
`;

// Release, optionally compare-and-delete. KEYS[1] the bucket, KEYS[2] the code's use counter;
// ARGV: field, the claim's time in ms ('' = whichever claim stands), '1' when the code is capped.
// Deletes the field only if its value is that claim's (the value is the ms followed by three
// random digits), and gives the capped code its use back in the same step. Returns 1 deleted, 0
// not (gone, or claimed again since). A value may carry a trailing 'u': the claim is unresolved (MARK).
const RELEASE_IF_SAME = `
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return 0 end
local d = string.gsub(v, 'u$', '')
if ARGV[2] ~= '' and string.sub(d, 1, -4) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
if ARGV[3] == '1' and tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 1
`;

// Compare-and-set of the unresolved mark. KEYS[1] the bucket; ARGV: field, the claim's time in ms,
// 'u' to mark or '' to clear. The bucket's expiry is kept (HSET does not touch it).
const MARK = `
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return 0 end
local d = string.gsub(v, 'u$', '')
if string.sub(d, 1, -4) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], d .. ARGV[3])
return 1
`;

const CLAIM_ATTEMPTS = 3;

export interface UpstashLedgerOptions {
  url: string;
  token: string;
  /** Prepended to every key (tests use a random one). */
  prefix?: string;
}

export function createUpstashLedger(opts: UpstashLedgerOptions): UsageLedger {
  // Every other command is idempotent (or a counter where a rare double count is harmless): the
  // client may retry them on network errors. Claims retry by hand (see above).
  const redis = new Redis({ url: opts.url, token: opts.token, retry: { retries: 2, backoff: (n) => 50 * 2 ** n } });
  // `retry: false` would still try twice (the client loops `attempts` + 1 times): 0 retries.
  const claimClient = new Redis({ url: opts.url, token: opts.token, retry: { retries: 0 } });
  const claimScript = claimClient.createScript<[number, (string | number)?]>(CLAIM);
  const releaseScript = redis.createScript<number>(RELEASE_IF_SAME);
  const markScript = redis.createScript<number>(MARK);
  const prefix = opts.prefix ?? "dl:";
  const bucketOf = (ref: ClaimRef) => `${prefix}c:${ref.codeId}:${ref.user.seq % BUCKETS}`;
  const counterKey = (key: string, w: CounterWindow) => `${prefix}rl:${key}:${windowIndex(w)}`;
  const usesKey = (ref: ClaimRef) => `${prefix}n:${ref.codeId}`;

  return {
    kind: "upstash",

    async claim(ref, { expiresAt, now, guard }) {
      const expireAt = Math.ceil(expiresAt.getTime() / 1000);
      const value = String(now.getTime() * 1000 + randomInt(1000));
      const keys = [bucketOf(ref), usesKey(ref), ...(guard ? [counterKey(guard.key, guard.window)] : [])];
      const args = [String(ref.user.seq), value, String(expireAt), String(guard?.limit ?? 0)];
      const cap = ref.cap == null ? "" : String(ref.cap);
      for (let attempt = 0; ; attempt++) {
        try {
          const [result, standing] = await claimScript.exec(keys, [...args, attempt > 0 ? "1" : "0", cap]);
          if (Number(result) === 1) {
            return { status: "won", claimedAt: new Date(now.getTime()), ...(ref.cap == null ? {} : { uses: Number(standing ?? 0) }) };
          }
          if (Number(result) === -1) return { status: "limited" };
          if (Number(result) === -2) return { status: "exhausted" };
          const unresolved = typeof standing === "string" && standing.endsWith("u");
          return { status: "taken", claimedAt: claimTimeOf(standing), ...(unresolved ? { unresolved } : {}) };
        } catch (e) {
          // An answer from Redis (UpstashError) is final; only a lost request is retried.
          if (e instanceof errors.UpstashError || attempt + 1 >= CLAIM_ATTEMPTS) throw e;
          await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        }
      }
    },

    async release(ref, only) {
      const args = [String(ref.user.seq), only ? String(only.claimedAt.getTime()) : "", ref.cap == null ? "" : "1"];
      return Number(await releaseScript.exec([bucketOf(ref), usesKey(ref)], args)) === 1;
    },

    async mark(ref, { claimedAt, unresolved }) {
      const args = [String(ref.user.seq), String(claimedAt.getTime()), unresolved ? "u" : ""];
      return Number(await markScript.exec([bucketOf(ref)], args)) === 1;
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

/**
 * The time of a claim from its stored value (µs: the ms and three random digits). The client may
 * hand the value back as a number (it parses JSON-looking strings), and an unresolved claim's
 * value ends with `u` (MARK); null for anything unreadable,
 * which the caller treats as a fresh claim (never released).
 */
function claimTimeOf(value: unknown): Date | null {
  const digits = typeof value === "number" ? String(value) : typeof value === "string" ? value.replace(/u$/, "") : "";
  return /^\d{4,}$/.test(digits) ? new Date(Number(digits.slice(0, -3))) : null;
}
