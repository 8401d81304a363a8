// The full next-auth setup: the email + password (credentials) provider, checked by the same
// domain function as POST /api/v1/auth/token (argon2id, same answer for unknown email and wrong
// password). Used by the /api/auth route, server components and server actions — not the proxy.
// Here (not in auth.config.ts, which stays database-free) every session read checks the user's
// session version: a session issued before a sign-out or password change reads as no session.
import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { currentSessionVersion, revokeSessions, tokenBodySchema } from "./lib/accounts";
import { sessionIsCurrent } from "./lib/auth/session-cookie";
import { checkCredentialsLimited } from "./lib/accounts/check-credentials";
import { argon2Passwords } from "./lib/auth/password";
import { getDeps } from "./lib/deps";
import { isDomainError } from "./lib/errors";
import { clientIp, retryAfterOf } from "./lib/ratelimit";

/** Too many failed sign-ins: the sign-in form says how long to wait (app/(auth)/actions.ts). */
export class SignInThrottled extends CredentialsSignin {
  override code = "rate_limited";
  constructor(readonly retryAfter: number) {
    super();
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(raw, request) {
        const input = tokenBodySchema.safeParse(raw);
        if (!input.success) return null;
        const deps = await getDeps();
        try {
          // Failed sign-ins per email and per client IP (lib/ratelimit/limits.ts), as for API tokens.
          const ip = clientIp(request.headers);
          const { account } = await checkCredentialsLimited(deps.db, input.data, { limiter: deps.limiter, ip, passwords: argon2Passwords });
          return { id: account.user.id, email: account.user.email, name: account.user.name, role: account.user.role, sessionVersion: account.sessionVersion };
        } catch (e) {
          if (isDomainError(e) && e.code === "invalid_credentials") return null;
          const retryAfter = retryAfterOf(e);
          if (retryAfter !== null) throw new SignInThrottled(retryAfter);
          throw e;
        }
      },
    }),
  ],
  events: {
    // Signing out revokes the session for good (and the user's other sessions with it): a copy of
    // the cookie taken before is refused from now on. next-auth clears the cookie either way.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (!token?.sub) return;
      const issuedAt = typeof token.sv === "number" ? token.sv : 0;
      await revokeSessions((await getDeps()).db, token.sub, { issuedAt });
    },
  },
  callbacks: {
    ...authConfig.callbacks,
    async jwt(params) {
      const token = await authConfig.callbacks.jwt(params);
      if (params.user) return token; // just signed in: issued at the current version
      if (!token.sub) return null;
      // A store error throws: next-auth then treats the request as signed out (JWTSessionError,
      // logged as a warning by lib/auth/auth-logger.ts) — fail closed, never on a stale session.
      const current = await currentSessionVersion((await getDeps()).db, token.sub);
      return current !== null && sessionIsCurrent(token, current) ? token : null;
    },
  },
});
