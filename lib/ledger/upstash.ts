// The usage ledger on Upstash Redis (@upstash/redis, REST). Chosen over the database ledger when
// UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN are set.
//
// Key design — chosen with numbers (bench/ledger-memory.ts: INFO used_memory of a throwaway
// Redis 7.0 with Redis's default encoding limits — hash-max-listpack-entries 128,
// set-max-intset-entries 512; users drawn from a population of 1e6, so a code's claimants are
// sparse; keys named with the 64-hex code id):
//
//   bytes per live claim, by claims per code               100   1 000   8 000  50 000
//   string key sha256(user:code) → time (design docs)        181     181     181     181
//   before: hash per code in 128 buckets, field = seq,        170      40    19.4      83
//           value = µs claim time (listpack up to ~16 000 claims a code at the default 128
//           entries, hashtable past it)
//   now: set per code in 128 buckets, member = seq / 128      154      27     5.2     2.7
//           (intset of 16-bit integers up to ~55 000 claims a code)
//   1e6 live claims (125 codes × 8 000, written through the claim script): 19.4 B/claim before
//   (18.5 MiB), 5.4 B/claim now (5.2 MiB). Right after claiming, a claim also has its recent
//   entry (below): ~80 B more for RECENT_MS to 2 × RECENT_MS + 1 min.
//
// The design documents' estimate is ~100 M usages a year over ~12 000 codes a year, i.e. ~8 000
// claims per code, and memory is dominated by the big codes. So a claim is one member of a
// per-code SET split into BUCKETS buckets by the user's small integer handle (users.seq): bucket
// = seq mod 128, member = floor(seq / 128) — the bucket already says seq mod 128, so the member is
// a small integer (< 32 768 up to ~4 M users): 2 bytes in Redis's intset encoding, which holds up
// to 512 members at the default config, so a code stays compact up to ~55 000 claims (past that,
// its fullest buckets turn into hashtables, ~40 B a member: still far below a string key per
// claim, ~181 B). Small codes cost more per claim (a bucket key is ~200 B) but little in total.
// Every bucket expires at its code's end (EXPIREAT, set atomically with the claim), so the gate's
// memory follows the live codes, never the history.
//
// A member carries no time, yet a claim has a time (types.ts): who lost a claim learns when the
// standing one was made (a stranded claim is told from one still being written by its age), a
// retry recognises its own earlier attempt, and a release deletes only the claim made at that
// millisecond. Those questions are about YOUNG claims (a redemption's write commits within
// seconds or never: lib/discounts/redeem-code.ts), so the exact time lives only while a claim is
// young, beside the set:
//   - recent  `r:<code>:<slot>`  a hash, field = seq, value = the claim's µs (the ms plus 3 random
//     digits, so every attempt has its own value), in the slot of the writer's wall clock
//     (RECENT_MS long); a lookup reads the current and the previous slot, so every claim written
//     less than RECENT_MS ago is found with its exact time. Each slot key expires 2 × RECENT_MS +
//     1 min after its last write: transient memory (~ the claims of the last 10 minutes), not
//     per live claim.
//   - unresolved `u:<code>`  a hash, field = seq, value = the µs: the claims marked unresolved
//     (mark()), exact for as long as they stand (the rare claims whose write had an unknown
//     outcome; expires with the code's bucket).
// An OLD claim (written more than RECENT_MS ago, not unresolved) has no time in Redis. A loser is
// told `claimedAt = now − RECENT_MS` (an upper bound: the claim is at least that old; its only
// use is the age test of a claim with no usage record, STALE_CLAIM_MS = 10 s ≪ RECENT_MS), and
// compare-and-delete of an old claim takes it whatever time it is given (the usage's usedAt of a
// hold, release or reversal days later; the reported bound of a stranded claim). A different
// claim of the same (user, code) made since is young, and a young claim is compared to the
// millisecond: for a stale release to delete a newer claim, it would have to arrive more than
// RECENT_MS after that claim was made (every release of the app is retried for < 1 s).
// This is the one departure from types.ts ("claimedAt … to the millisecond"), for old claims on
// this ledger only: no caller needs more of an old claim than its age — redeem-code.ts compares a
// standing claim's time with its usage record's only for an unresolved claim, which keeps its
// exact time. (Instances' wall clocks must agree to well within RECENT_MS: the slots follow them.)
//
// A claim is one Lua script (atomic): the guard check, SISMEMBER, the cap, SADD + EXPIREAT and the
// recent entry on success — or, when the member is there, the standing claim's exact value if it
// is young or unresolved. Releasing a particular claim is another script (compare-and-delete, and
// a capped code gets its use back in the same step); marking another (compare-and-set). The claim
// is retried by hand on a network error (the client's own retries are off for it): a retry whose
// first attempt did land finds its own value among the recent entries and counts as won, so a lost
// response never turns into a false "already used". (A fresh attempt never accepts a matching
// value: only a retry can be its own earlier attempt.)
//
// Deploying over the previous layout (hash `c:<code>:<seq mod 128>`, field = seq, value = µs with
// an optional trailing 'u'): claims already stored there stay valid where they are. Every script
// falls back to that hash when the user is not in the set — a claim found there is taken (with its
// exact time), released by compare-and-delete and marked exactly as before; nothing new is written
// there. Those hashes expire with their codes, so the fallback (one HGET on a missing key per fresh
// claim) can be removed once `SCAN MATCH <prefix>c:*` finds nothing, i.e. after the last code
// that was live at the deploy has ended.
import { randomInt } from "node:crypto";
import { errors, Redis } from "@upstash/redis";
import { windowIndex, type ClaimRef, type CounterWindow, type UsageLedger } from "./types";

/** Buckets per code: a claim is member floor(seq / BUCKETS) of bucket seq mod BUCKETS. */
export const BUCKETS = 128;
/** A claim's exact time is kept this long after it is written (and a slot of the recent hashes is this long). */
export const RECENT_MS = 5 * 60_000;
/** Buckets of the previous layout (the fallback reads them): hash c:<code>:<seq mod 128>. */
const LEGACY_BUCKETS = 128;

// The keys every claim script gets, in this order.
//   KEYS[1] the bucket (set), KEYS[2] the recent hash of the current slot, KEYS[3] of the previous
//   slot, KEYS[4] the unresolved hash, KEYS[5] the previous layout's bucket (hash), KEYS[6] the
//   code's use counter (capped codes), KEYS[7] the guard's counter (claim, optional).
// ARGV[1] the member, ARGV[2] the field (seq) — then per script.
// A standing claim's value: its µs (ms and 3 random digits), followed by 'u' when unresolved.
const STANDING = `
local function standing()
  local u = redis.call('HGET', KEYS[4], ARGV[2])
  if u then return u .. 'u' end
  return redis.call('HGET', KEYS[2], ARGV[2]) or redis.call('HGET', KEYS[3], ARGV[2])
end
`;

// Claim. ARGV[3] value (µs), ARGV[4] expire-at (s), ARGV[5] guard limit, ARGV[6] '1' on a retry,
// ARGV[7] the cap ('' = none), ARGV[8] the recent hash's TTL (ms).
// Returns {1, uses} won, {-1} refused by the guard, {0, value} taken (the standing claim's value;
// {0} for an old claim, whose time Redis no longer has), {-2} exhausted (no claim of this user, no
// use left). The cap is checked and counted in the same script as the claim: exactly as many
// racers win as there are uses left.
const CLAIM = `${STANDING}
if ARGV[6] == '1' and (redis.call('HGET', KEYS[2], ARGV[2]) == ARGV[3] or redis.call('HGET', KEYS[3], ARGV[2]) == ARGV[3])
  and redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  return {1, tonumber(redis.call('GET', KEYS[6]) or '0')}
end
if KEYS[7] and tonumber(redis.call('GET', KEYS[7]) or '0') >= tonumber(ARGV[5]) then return {-1} end
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  local v = standing()
  if v then return {0, v} end
  return {0}
end
local legacy = redis.call('HGET', KEYS[5], ARGV[2])
if legacy then return {0, legacy} end
local n = 0
if ARGV[7] ~= '' then
  n = tonumber(redis.call('GET', KEYS[6]) or '0')
  if n >= tonumber(ARGV[7]) then return {-2} end
  n = redis.call('INCR', KEYS[6])
  redis.call('EXPIREAT', KEYS[6], ARGV[4])
end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIREAT', KEYS[1], ARGV[4])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[8])
return {1, n}
`;

// Release, optionally compare-and-delete. ARGV[3] the claim's time in ms ('' = whichever claim
// stands), ARGV[4] '1' when the code is capped. A young or unresolved claim goes only if its value
// is that millisecond's; an old one has no time to compare (see the header). A capped code gets
// its use back in the same step. Returns 1 deleted, 0 not (gone, or claimed again since).
const RELEASE_IF_SAME = `${STANDING}
local function giveBack()
  if ARGV[4] == '1' and tonumber(redis.call('GET', KEYS[6]) or '0') > 0 then redis.call('DECR', KEYS[6]) end
  return 1
end
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  local v = standing()
  if v and ARGV[3] ~= '' and string.sub(string.gsub(v, 'u$', ''), 1, -4) ~= ARGV[3] then return 0 end
  redis.call('SREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[2])
  redis.call('HDEL', KEYS[3], ARGV[2])
  redis.call('HDEL', KEYS[4], ARGV[2])
  return giveBack()
end
local legacy = redis.call('HGET', KEYS[5], ARGV[2])
if not legacy then return 0 end
if ARGV[3] ~= '' and string.sub(string.gsub(legacy, 'u$', ''), 1, -4) ~= ARGV[3] then return 0 end
redis.call('HDEL', KEYS[5], ARGV[2])
return giveBack()
`;

// Compare-and-set of the unresolved mark. ARGV[3] the claim's time in ms, ARGV[4] 'u' to mark or
// '' to clear. A marked claim's exact value moves to the unresolved hash (kept until the code's
// end: the bucket's expiry); clearing deletes it there. Returns 1 if that very claim was there.
const MARK = `${STANDING}
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  local v = standing()
  if v and string.sub(string.gsub(v, 'u$', ''), 1, -4) ~= ARGV[3] then return 0 end
  if ARGV[4] == 'u' then
    if not (v and string.sub(v, -1) == 'u') then
      redis.call('HSET', KEYS[4], ARGV[2], v or (ARGV[3] .. '000'))
      local ttl = redis.call('PTTL', KEYS[1])
      if ttl > 0 then redis.call('PEXPIRE', KEYS[4], ttl) end
    end
  else
    redis.call('HDEL', KEYS[4], ARGV[2])
  end
  return 1
end
local legacy = redis.call('HGET', KEYS[5], ARGV[2])
if not legacy then return 0 end
local d = string.gsub(legacy, 'u$', '')
if string.sub(d, 1, -4) ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[5], ARGV[2], d .. ARGV[4])
return 1
`;

const CLAIM_ATTEMPTS = 3;

export interface UpstashLedgerOptions {
  url: string;
  token: string;
  /** Prepended to every key (tests use a random one). */
  prefix?: string;
}

/** The keys and the first two arguments of every script for (user, code), at wall-clock time `wall` (ms). */
export function claimKeys(prefix: string, ref: ClaimRef, { wall }: { wall: number }): { keys: string[]; args: [member: string, field: string] } {
  const { codeId } = ref;
  const seq = ref.user.seq;
  const slot = Math.floor(wall / RECENT_MS);
  return {
    keys: [
      `${prefix}s:${codeId}:${seq % BUCKETS}`,
      `${prefix}r:${codeId}:${slot}`,
      `${prefix}r:${codeId}:${slot - 1}`,
      `${prefix}u:${codeId}`,
      `${prefix}c:${codeId}:${seq % LEGACY_BUCKETS}`,
      `${prefix}n:${codeId}`,
    ],
    args: [String(Math.floor(seq / BUCKETS)), String(seq)],
  };
}

/** The claim script's source, for benchmarks that run it directly (EVALSHA) to show the Redis side alone. */
export const CLAIM_SCRIPT = CLAIM;

/** The recent hashes live this long after their last write (ms). */
const RECENT_TTL_MS = 2 * RECENT_MS + 60_000;

/**
 * The keys and arguments of one claim script call — what claim() sends, exported so benchmarks
 * run the very same call. `value` is the attempt's µs (ms and 3 random digits).
 */
export function claimCall(
  prefix: string,
  ref: ClaimRef,
  c: { value: string; expiresAt: Date; wall: number; retry: boolean; guard?: { key: string; limit: number } },
): { keys: string[]; argv: string[] } {
  const { keys, args } = claimKeys(prefix, ref, { wall: c.wall });
  if (c.guard) keys.push(c.guard.key);
  const expireAt = String(Math.ceil(c.expiresAt.getTime() / 1000));
  const cap = ref.cap == null ? "" : String(ref.cap);
  return { keys, argv: [...args, c.value, expireAt, String(c.guard?.limit ?? 0), c.retry ? "1" : "0", cap, String(RECENT_TTL_MS)] };
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
  const keysOf = (ref: ClaimRef) => claimKeys(prefix, ref, { wall: Date.now() });
  const counterKey = (key: string, w: CounterWindow) => `${prefix}rl:${key}:${windowIndex(w)}`;

  return {
    kind: "upstash",

    async claim(ref, { expiresAt, now, guard }) {
      const value = String(now.getTime() * 1000 + randomInt(1000));
      const guarded = guard ? { key: counterKey(guard.key, guard.window), limit: guard.limit } : undefined;
      for (let attempt = 0; ; attempt++) {
        // The slot keys follow the wall clock: a retry in the next slot still finds its first attempt.
        const { keys, argv } = claimCall(prefix, ref, { value, expiresAt, wall: Date.now(), retry: attempt > 0, guard: guarded });
        try {
          const [result, standing] = await claimScript.exec(keys, argv);
          if (Number(result) === 1) {
            return { status: "won", claimedAt: new Date(now.getTime()), ...(ref.cap == null ? {} : { uses: Number(standing ?? 0) }) };
          }
          if (Number(result) === -1) return { status: "limited" };
          if (Number(result) === -2) return { status: "exhausted" };
          // An old claim: Redis keeps no time for it, only that it is at least RECENT_MS old.
          if (standing === undefined || standing === null) return { status: "taken", claimedAt: new Date(now.getTime() - RECENT_MS) };
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
      const { keys, args } = keysOf(ref);
      const argv = [...args, only ? String(only.claimedAt.getTime()) : "", ref.cap == null ? "" : "1"];
      return Number(await releaseScript.exec(keys, argv)) === 1;
    },

    async mark(ref, { claimedAt, unresolved }) {
      const { keys, args } = keysOf(ref);
      return Number(await markScript.exec(keys, [...args, String(claimedAt.getTime()), unresolved ? "u" : ""])) === 1;
    },

    async isClaimed(ref) {
      // Two reads, no script: auto-pipelining sends them in one request (with whatever else the
      // caller asks in the same tick: the lookup's budget check), and a first call costs no EVAL.
      const { keys, args } = keysOf(ref);
      const [member, legacy] = await Promise.all([redis.sismember(keys[0]!, args[0]), redis.hexists(keys[4]!, args[1])]);
      return Number(member) === 1 || Number(legacy) === 1;
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
