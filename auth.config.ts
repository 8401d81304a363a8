// next-auth settings without a database (Auth.js's split layout); auth.ts adds the credentials
// provider, which needs the database. Sessions are JWTs (encrypted with AUTH_SECRET) carrying the
// user id and role; proxy.ts and lib/http read that cookie themselves (lib/auth/session-cookie.ts)
// without writing it back.
import type { NextAuthConfig } from "next-auth";
import { authLogger } from "./lib/auth/auth-logger";

declare module "next-auth" {
  interface User {
    role?: "shopper" | "brand";
    /** users.session_version at sign-in (lib/accounts/sessions.ts). */
    sessionVersion?: number;
  }
  interface Session {
    user: { id: string; email: string; name: string; role: "shopper" | "brand" };
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    role?: "shopper" | "brand";
    /** The session version this session was issued at (lib/auth/session-cookie.ts `sv`). */
    sv?: number;
  }
}

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export const authConfig = {
  pages: { signIn: "/sign-in", signOut: "/sign-out", error: "/sign-in" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  providers: [],
  // JSON lines through lib/log; a wrong password or a junk session cookie is a debug line.
  logger: authLogger,
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        if (user.id) token.sub = user.id;
        token.role = user.role;
        token.sv = user.sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      if (token.role) session.user.role = token.role;
      return session;
    },
  },
} satisfies NextAuthConfig;
