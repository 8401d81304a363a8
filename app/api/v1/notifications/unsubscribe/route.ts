// POST /api/v1/notifications/unsubscribe?token=… — RFC 8058 one-click unsubscribe: what a mail
// client POSTs (`List-Unsubscribe=One-Click`) from the List-Unsubscribe header of an announcement.
// GET — the same link opened in a browser: never unsubscribes by itself (link scanners follow
// links), it redirects to a page that asks for the click.
import { json, withPublic } from "@/lib/http";
import { appUnsubscribeSecret } from "@/lib/mail/unsubscribe-secret";
import { unsubscribe, unsubscribeQuerySchema } from "@/lib/notifications";
import { otherMethods } from "@/lib/http/methods";

export const POST = withPublic({ query: unsubscribeQuerySchema }, async ({ query, deps }) => {
  await unsubscribe(deps.db, { token: query.token, secret: appUnsubscribeSecret() });
  return json({ unsubscribed: true });
});

export const GET = withPublic({ query: unsubscribeQuerySchema }, async ({ query }) =>
  new Response(null, {
    status: 303,
    headers: { location: `/notifications/unsubscribe?token=${encodeURIComponent(query.token)}` },
  }),
);

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
