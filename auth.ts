// The full next-auth setup: the email + password (credentials) provider, checked by the same
// domain function as POST /api/v1/auth/token (argon2id, same answer for unknown email and wrong
// password). Used by the /api/auth route, server components and server actions — not the proxy.
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { checkCredentials, tokenBodySchema } from "./lib/accounts";
import { argon2Passwords } from "./lib/auth/password";
import { getDeps } from "./lib/deps";
import { isDomainError } from "./lib/errors";

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(raw) {
        const input = tokenBodySchema.safeParse(raw);
        if (!input.success) return null;
        const deps = await getDeps();
        try {
          const { user } = await checkCredentials(deps.db, input.data, { passwords: argon2Passwords });
          return { id: user.id, email: user.email, name: user.name, role: user.role };
        } catch (e) {
          if (isDomainError(e) && e.code === "invalid_credentials") return null;
          throw e;
        }
      },
    }),
  ],
});
