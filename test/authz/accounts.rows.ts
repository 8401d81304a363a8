// Authorization matrix rows: accounts and tokens, health, next-auth's own endpoints.
import type { AuthzRow } from "./types";
import { byPersona, everyone } from "./types";

export const rows: AuthzRow[] = [
  {
    route: "/api/v1/auth/register",
    method: "POST",
    what: "public; credentials, even bad ones, are ignored",
    expect: everyone(201),
    request: (w) => ({ body: { email: `${w.unique()}@example.test`, password: "password1", name: "New", role: "shopper" } }),
  },
  {
    route: "/api/v1/auth/token",
    method: "POST",
    what: "public: email + password",
    expect: everyone(201),
    request: (w, as) => {
      const user = as.user ?? w.users.shopper;
      return { body: { email: user.email, password: user.password } };
    },
  },
  {
    route: "/api/v1/auth/token",
    method: "GET",
    what: "introspects the presented bearer token only",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 200, otherShopper: 200, brandAdmin: 200, otherBrandAdmin: 200 }),
    session: { shopper: 401, otherShopper: 401, brandAdmin: 401, otherBrandAdmin: 401 },
  },
  {
    route: "/api/v1/auth/token",
    method: "DELETE",
    what: "revokes the presented bearer token only",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 204, otherShopper: 204, brandAdmin: 204, otherBrandAdmin: 204 }),
    session: { shopper: 401, otherShopper: 401, brandAdmin: 401, otherBrandAdmin: 401 },
  },
  {
    route: "/api/v1/auth/password",
    method: "POST",
    what: "any signed-in user (a wrong current password, so the world's users keep theirs)",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 422, otherShopper: 422, brandAdmin: 422, otherBrandAdmin: 422 }),
    request: () => ({ body: { currentPassword: "not-the-password", newPassword: "a-new-password-1" } }),
  },
  {
    route: "/api/v1/auth/verify-email",
    method: "POST",
    what: "public: the link's token is the credential (an unknown one → 400 for everyone)",
    expect: everyone(400),
    request: () => ({ body: { token: "x".repeat(43) } }),
  },
  {
    route: "/api/v1/auth/verify-email/resend",
    method: "POST",
    what: "any signed-in user, for themselves (the world's users are verified: nothing to send)",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 200, otherShopper: 200, brandAdmin: 200, otherBrandAdmin: 200 }),
  },
  { route: "/api/v1/health", method: "GET", what: "public", expect: everyone(200) },
  {
    route: "/api/auth/[...nextauth]",
    method: "GET",
    what: "next-auth: the session endpoint is public",
    expect: everyone(200),
    request: () => ({ path: "/api/auth/session" }),
  },
  {
    route: "/api/auth/[...nextauth]",
    method: "POST",
    what: "next-auth: sign-in with email, password and CSRF token (302 onwards)",
    expect: everyone(302),
    request: async (w, as) => {
      const user = as.user ?? w.users.shopper;
      const csrf = await fetch(`${w.url}/api/auth/csrf`);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      return {
        path: "/api/auth/callback/credentials",
        form: { email: user.email, password: user.password, csrfToken, callbackUrl: "/" },
        headers: { cookie: [as.headers.cookie, csrfCookie].filter(Boolean).join("; ") },
      };
    },
  },
];
