// The full next-auth setup: the email + password (credentials) provider, checked by the same
// domain function as POST /api/v1/auth/token (argon2id, same answer for unknown email and wrong
// password). Used by the /api/auth route, server components and server actions — not the proxy.
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { tokenBodySchema } from "./lib/accounts";
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
          const { user } = await checkCredentialsLimited(deps.db, deps.limiter, input.data, ip, { passwords: argon2Passwords });
          return { id: user.id, email: user.email, name: user.name, role: user.role };
        } catch (e) {
          if (isDomainError(e) && e.code === "invalid_credentials") return null;
          const retryAfter = retryAfterOf(e);
          if (retryAfter !== null) throw new SignInThrottled(retryAfter);
          throw e;
        }
      },
    }),
  ],
});
