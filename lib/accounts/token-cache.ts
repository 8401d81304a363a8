// Every bearer-authenticated request needs its token's owner, and tokens and accounts change
// rarely: so a token that checked out is kept in process, keyed by its hash, for TOKEN_CACHE_TTL_MS
// — a warm API request costs no database round-trip for its caller.
//
// What changes a cached answer is a token's revocation and its owner's account changing (email
// verified, password or sessions revoked). Those writes call accountChanged(): it forgets the
// user's tokens in this process at once and NOTIFYs `account_changed` with the user id, which
// every instance listens to (watchAccountChanges, started with the process's ports): the other
// instances forget them as soon as the write commits (the writer hears it too — that closes the
// window between its own forgetting and the commit). When the listening connection is lost, the
// notifications sent meanwhile are lost too: on reconnecting the cache starts over, and while it
// is down no entry outlives the TTL. Expiry is checked on every use (the entry keeps expiresAt);
// unknown tokens are never cached.
import { sql } from "drizzle-orm";
import type { Database, DbOrTx } from "../db";
import { log, summarizeError } from "../log";
import { TtlCache } from "../cache/ttl-cache";
import { loadTokenOwner, type TokenRecord } from "./load-account";
import type { Account } from "./types";

export const TOKEN_CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 50_000;
export const ACCOUNT_CHANGED_CHANNEL = "account_changed";

export interface TokenOwner {
  /** Shared with the cache: a request that records the token's use updates lastUsedAt here. */
  token: TokenRecord;
  account: Account;
}

const g = globalThis as unknown as { __tokenCache?: TtlCache<TokenOwner | null> };
// A revoked token is not kept: its answer is final, and keeping it would only hold memory.
const cache = (g.__tokenCache ??= new TtlCache<TokenOwner | null>({
  ttlMs: TOKEN_CACHE_TTL_MS,
  maxEntries: MAX_ENTRIES,
  keep: (found) => found !== null && !found.token.revokedAt,
}));

/** The token stored under this hash and its owner (whatever the token's state); cached when found. */
export function cachedTokenOwner(db: DbOrTx, tokenHash: string): Promise<TokenOwner | null> {
  return cache.get(tokenHash, () => loadTokenOwner(db, tokenHash));
}

/** Forgets every cached token of the user (and any still loading), in this process. */
export function forgetUser(userId: string): void {
  cache.deleteWhere((found) => found?.account.user.id === userId);
}

/**
 * Call after writing a change to the user's tokens or account (with the same handle: inside a
 * transaction the notification leaves at commit). Forgets here at once, tells the other instances.
 */
export async function accountChanged(db: DbOrTx, userId: string): Promise<void> {
  forgetUser(userId);
  await db.execute(sql`select pg_notify(${ACCOUNT_CHANGED_CHANNEL}, ${userId})`);
}

/** Listens for other instances' account changes; a failure to listen is retried, the TTL bounds the wait meanwhile. */
export function watchAccountChanges(database: Pick<Database, "listen">, retryMs = 5_000): void {
  const start = () =>
    database
      .listen(ACCOUNT_CHANGED_CHANNEL, forgetUser, () => cache.clear())
      .catch((e: unknown) => {
        log.warn({ err: summarizeError(e) }, "could not listen for account changes; cached tokens live their TTL");
        setTimeout(start, retryMs).unref();
      });
  void start();
}
