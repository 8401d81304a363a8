// POST /api/v1/notifications/unsubscribe?token=… — RFC 8058 one-click unsubscribe: what a mail
// client POSTs (`List-Unsubscribe=One-Click`) from the List-Unsubscribe header of an announcement.
// GET — the same link opened in a browser: never unsubscribes by itself (link scanners follow
// links), it redirects to a page that asks for the click.
import { z } from "zod";
import { json, withPublic } from "@/lib/http";
import { appUnsubscribeSecret } from "@/lib/mail/unsubscribe-secret";
import { unsubscribe } from "@/lib/notifications";

const tokenQuerySchema = z.object({ token: z.string().trim().min(1, "is required").max(200) });

export const POST = withPublic({ query: tokenQuerySchema }, async ({ query, deps }) => {
  await unsubscribe(deps.db, query.token, appUnsubscribeSecret());
  return json({ unsubscribed: true });
});

export const GET = withPublic({ query: tokenQuerySchema }, async ({ query }) =>
  new Response(null, {
    status: 303,
    headers: { location: `/notifications/unsubscribe?token=${encodeURIComponent(query.token)}` },
  }),
);
