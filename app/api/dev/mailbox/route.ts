// GET /api/dev/mailbox (also /api/v1/dev/mailbox) — the local mailbox as JSON, newest first: the
// CALLER's own mail only (a brand's admin: also mail to their brand's other admins). 404 wherever
// the mailbox is off (Resend configured, or DATABASE_URL without MAILBOX_ENABLED=1) — for every
// caller, so nothing about it is reachable; 401 without a session or token; `?limit=` 1–100.
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { json, withPublic } from "@/lib/http";
import { validate, queryObject } from "@/lib/http/input";
import { listMailbox, mailboxEnabled, mailboxRecipientsFor } from "@/lib/mail/mailbox";
import { mailboxQuerySchema } from "@/lib/notifications/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = withPublic({}, async ({ req, caller, deps }) => {
  if (!mailboxEnabled(env)) throw new DomainError("not_found", "There is no local mailbox here.");
  if (!caller) throw new DomainError("unauthorized", "Sign in, or send an API token as `Authorization: Bearer <token>`.");
  // Validated only now: an anonymous caller learns nothing about the query's schema.
  const query = validate(mailboxQuerySchema, { input: queryObject(new URL(req.url)), what: "query" });
  const recipients = await mailboxRecipientsFor(deps.db, caller.user);
  const messages = await listMailbox(deps.db, { ...query, recipients });
  return json({
    data: messages.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      text: m.text,
      html: m.html,
      createdAt: m.createdAt.toISOString(),
    })),
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
