// Who is calling: from `Authorization: Bearer <token>` or from the next-auth session cookie — one
// code path, both sources, the same Caller. A bearer header that does not check out is a 401 even
// when a valid cookie is present: an API client must learn that its token is bad.
import { DomainError } from "../errors";
import type { Deps } from "../deps";
import { introspectToken } from "../accounts/introspect-token";
import { loadAccount } from "../accounts/load-account";
import type { Account } from "../accounts/types";
import { readSessionCookie } from "../auth/session-cookie";
import type { Caller } from "./types";

export type CallerResolution = { caller: Caller | null; failure?: DomainError };

/** The bearer token of an Authorization header; undefined when absent, null when malformed. */
export function bearerToken(req: Request): string | null | undefined {
  const header = req.headers.get("authorization");
  if (header === null) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match ? match[1]! : null;
}

function toCaller(account: Account, via: Caller["via"], tokenId?: string): Caller {
  return { user: account.user, brands: account.brands, via, ...(tokenId ? { tokenId } : {}) };
}

export async function resolveCaller(req: Request, deps: Deps, authSecret: string | undefined): Promise<CallerResolution> {
  const bearer = bearerToken(req);
  if (bearer === null) {
    return { caller: null, failure: new DomainError("invalid_token", "The Authorization header must be `Bearer <token>`.") };
  }
  if (bearer !== undefined) {
    try {
      const live = await introspectToken(deps.db, bearer, deps.clock());
      return { caller: toCaller(live.account, "token", live.tokenId) };
    } catch (e) {
      if (e instanceof DomainError) return { caller: null, failure: e };
      throw e;
    }
  }
  const session = await readSessionCookie(req.headers.get("cookie"), authSecret);
  if (!session) return { caller: null };
  // The session names a user; their role and brands come from the database, as for tokens.
  const account = await loadAccount(deps.db, session.sub);
  return { caller: account ? toCaller(account, "session") : null };
}
