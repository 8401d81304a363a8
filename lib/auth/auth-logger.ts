// next-auth's logger (auth.config.ts `logger`): its errors go to lib/log as one JSON line each,
// summarized (type, SQL state, constraint), never with their stack, cause details or parameters.
// Expected outcomes are debug lines: a wrong password (CredentialsSignin) and a session cookie
// that does not decrypt (JWTSessionError from a junk, stale or foreign cookie). A session that
// could not be checked because a store failed is a warning.
import { log, sqlState, summarizeError } from "../log";

const EXPECTED = new Set(["CredentialsSignin", "JWTSessionError"]);

function authErrorType(error: Error): string {
  // `type`, not `name`: class names are minified in production builds.
  return (error as Error & { type?: string }).type ?? error.name;
}

/** The error inside an AuthError: next-auth wraps the original as `cause.err`. */
function innerError(error: Error): unknown {
  const cause = error.cause as { err?: unknown } | undefined;
  return cause && typeof cause === "object" && "err" in cause ? cause.err : error;
}

function isStoreFault(e: unknown): boolean {
  if (sqlState(e)) return true;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code); // ECONNREFUSED, ECONNRESET, …
}

export const authLogger = {
  error(error: Error) {
    const type = authErrorType(error);
    const inner = innerError(error);
    if (EXPECTED.has(type) && !isStoreFault(inner)) {
      const summary = summarizeError(inner);
      log.debug({ authError: type, reason: summary.code ?? summary.type }, "auth: expected failure");
      return;
    }
    const fields = { authError: type, err: summarizeError(inner) };
    if (EXPECTED.has(type)) log.warn(fields, "auth: session could not be checked");
    else log.error(fields, "auth error");
  },
  warn(code: string) {
    log.warn({ authWarning: code }, "auth warning");
  },
  // No `debug`: next-auth's debug metadata carries tokens and cookies.
};
