// next-auth settings without a database (Auth.js's split layout); auth.ts adds the credentials
// provider, which needs the database. Sessions are JWTs (encrypted with AUTH_SECRET) carrying the
// user id and role; proxy.ts and lib/http read that cookie themselves (lib/auth/session-cookie.ts)
// without writing it back.
import type { NextAuthConfig } from "next-auth";

declare module "next-auth" {
  interface User {
    role?: "shopper" | "brand";
  }
  interface Session {
    user: { id: string; email: string; name: string; role: "shopper" | "brand" };
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    role?: "shopper" | "brand";
  }
}

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export const authConfig = {
  pages: { signIn: "/sign-in", signOut: "/sign-out", error: "/sign-in" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  providers: [],
  logger: {
    // A wrong password is an expected outcome, not a server error: keep it out of the error log.
    error(error) {
      // `type`, not `name`: class names are minified in production builds.
      if ((error as Error & { type?: string }).type === "CredentialsSignin") return;
      console.error(`[auth][error] ${error.name}: ${error.message}`, error.cause ?? "");
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        if (user.id) token.sub = user.id;
        token.role = user.role;
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
