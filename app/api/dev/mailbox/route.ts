// GET /api/dev/mailbox?to=<email> — the local mailbox as JSON, newest first (embedded default
// only: 404 when email really goes out through Resend).
import { z } from "zod";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { json, withPublic } from "@/lib/http";
import { listMailbox, usesLocalMailbox } from "@/lib/mail";

const mailboxQuerySchema = z.object({
  to: z
    .string()
    .trim()
    .toLowerCase()
    .max(320)
    .regex(/^[^\s@]+@[^\s@]+$/, "must be an email address")
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const GET = withPublic({ query: mailboxQuerySchema }, async ({ query, deps }) => {
  if (!usesLocalMailbox(env)) throw new DomainError("not_found", "There is no local mailbox: email is sent through Resend.");
  const messages = await listMailbox(deps.db, query);
  return json({
    data: messages.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      html: m.html,
      text: m.text,
      createdAt: m.createdAt.toISOString(),
    })),
  });
});
