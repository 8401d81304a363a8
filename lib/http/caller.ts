// Who is calling: from `Authorization: Bearer <token>` or from the next-auth session cookie — one
// code path, both sources, the same Caller. A bearer header that does not check out is a 401 even
// when a valid cookie is present: an API client must learn that its token is bad.
import { DomainError } from "../errors";
import type { Deps } from "../deps";
import { introspectToken } from "../accounts/introspect-token";
import { loadAccount, type TokenRecord } from "../accounts/load-account";
import { tokenTouchDue, touchApiToken } from "../accounts/touch-token";
import type { Account } from "../accounts/types";
import { readSessionCookie, sessionIsCurrent } from "../auth/session-cookie";
import type { DbOrTx } from "../db";
import { log, summarizeError } from "../log";
import type { Caller } from "./types";

export type CallerResolution = { caller: Caller | null; failure?: DomainError };

/** The bearer token of an Authorization header; undefined when absent, null when malformed. */
export function bearerToken(req: Request): string | null | undefined {
  const header = req.headers.get("authorization");
  if (header === null) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match ? match[1]! : null;
}

function toCaller(account: Account, { via, tokenId }: { via: Caller["via"]; tokenId?: string }): Caller {
  return { user: account.user, brands: account.brands, via, ...(tokenId ? { tokenId } : {}) };
}

/**
 * Records the token's use, fire-and-forget: a failed write is logged and never fails the request.
 * The (cached) record is updated first, so the requests of the next minute do not try again.
 */
function recordTokenUse(db: DbOrTx, { record, now }: { record: TokenRecord; now: Date }): void {
  if (!tokenTouchDue(record.lastUsedAt, now)) return;
  record.lastUsedAt = now;
  touchApiToken(db, { tokenId: record.id, now }).catch((e: unknown) => {
    log.warn({ tokenId: record.id, err: summarizeError(e) }, "could not record a token's last use");
  });
}

export async function resolveCaller(req: Request, { deps, authSecret }: { deps: Deps; authSecret: string | undefined }): Promise<CallerResolution> {
  const bearer = bearerToken(req);
  if (bearer === null) {
    return { caller: null, failure: new DomainError("invalid_token", "The Authorization header must be `Bearer <token>`.") };
  }
  if (bearer !== undefined) {
    try {
      const now = deps.clock();
      const live = await introspectToken(deps.db, { token: bearer, now });
      recordTokenUse(deps.db, { record: live.record, now });
      return { caller: toCaller(live.account, { via: "token", tokenId: live.tokenId }) };
    } catch (e) {
      if (e instanceof DomainError) return { caller: null, failure: e };
      throw e;
    }
  }
  const session = await readSessionCookie(req.headers.get("cookie"), authSecret);
  if (!session) return { caller: null };
  // The session names a user; their role and brands come from the database, as for tokens.
  const account = await loadAccount(deps.db, session.sub);
  // Signed out (or the password changed) since this session was issued: it is no session.
  if (account && !sessionIsCurrent(session, account.sessionVersion)) {
    log.debug({ userId: account.user.id }, "revoked session refused");
    return { caller: null };
  }
  return { caller: account ? toCaller(account, { via: "session" }) : null };
}
