// The zod schemas of the notification routes, named for what they validate. The routes validate
// with them; lib/openapi can document the routes from the same schemas.
import { z } from "zod";
import { safeText } from "../http/text";

export const notificationSettingsSchema = z
  .object({ notifyNewCodes: z.boolean().meta({ description: "Announce new discount codes to this user by email." }) })
  .strict()
  .meta({ id: "NotificationSettings" });
export type NotificationSettingsBody = z.output<typeof notificationSettingsSchema>;

export const unsubscribeQuerySchema = z.object({
  token: safeText().trim().min(1, "is required").max(200).meta({ description: "From the email's unsubscribe link." }),
});

export const unsubscribedSchema = z.object({ unsubscribed: z.literal(true) }).meta({ id: "Unsubscribed" });

// GET /api/v1/dev/mailbox (and /api/dev/mailbox): the local mailbox, the caller's own mail.
export const mailboxQuerySchema = z.object({
  to: safeText()
    .trim()
    .toLowerCase()
    .max(320)
    .regex(/^[^\s@]+@[^\s@]+$/, "must be an email address")
    .optional()
    .meta({ description: "Narrows to one of the caller's own addresses." }),
  limit: z.coerce.number().int().min(1).max(100).default(50).meta({ description: "1–100, default 50." }),
});

export const mailboxMessageSchema = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "MailboxMessage" });

export const mailboxListSchema = z.object({ data: z.array(mailboxMessageSchema) }).meta({ id: "MailboxList" });
