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
