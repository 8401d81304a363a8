// Authorization matrix rows: notifications — the one-click unsubscribe (public: the signed token
// is the credential), the caller's email settings, the local mailbox, and /api/inngest (404
// without Inngest keys, as in every test run).
import { signUnsubscribeToken } from "../../lib/mail/unsubscribe-token";
import { TEST_AUTH_SECRET } from "../fixtures";
import type { AuthzRow } from "./types";
import { byPersona, everyone } from "./types";

const signedIn = byPersona({ anonymous: 401, badToken: 401, shopper: 200, otherShopper: 200, brandAdmin: 200, otherBrandAdmin: 200 });
const unsubscribePath = (userId: string) =>
  `/api/v1/notifications/unsubscribe?token=${encodeURIComponent(signUnsubscribeToken(userId, TEST_AUTH_SECRET))}`;

export const rows: AuthzRow[] = [
  {
    route: "/api/v1/notifications/unsubscribe",
    method: "POST",
    what: "public: the signed token names whom to unsubscribe; other credentials are ignored",
    expect: everyone(200),
    request: (w) => ({ path: unsubscribePath(w.users.otherShopper.id), form: { "List-Unsubscribe": "One-Click" } }),
  },
  {
    route: "/api/v1/notifications/unsubscribe",
    method: "GET",
    what: "public: redirects to the confirmation page, changes nothing",
    expect: everyone(303),
    request: (w) => ({ path: unsubscribePath(w.users.otherShopper.id) }),
  },
  { route: "/api/v1/notifications/settings", method: "GET", what: "the caller's own settings", expect: signedIn },
  {
    route: "/api/v1/notifications/settings",
    method: "PUT",
    what: "the caller's own settings",
    expect: signedIn,
    request: () => ({ body: { notifyNewCodes: true } }),
  },
  { route: "/api/dev/mailbox", method: "GET", what: "the local mailbox (on in tests): the caller's own mail, never anonymous", expect: signedIn },
  { route: "/api/v1/dev/mailbox", method: "GET", what: "the same handler under /api/v1", expect: signedIn },
  { route: "/api/inngest", method: "GET", what: "no Inngest keys: 404", expect: everyone(404) },
  { route: "/api/inngest", method: "POST", what: "no Inngest keys: 404", expect: everyone(404) },
  { route: "/api/inngest", method: "PUT", what: "no Inngest keys: 404", expect: everyone(404) },
];
