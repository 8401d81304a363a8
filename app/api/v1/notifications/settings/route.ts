// GET /api/v1/notifications/settings — the caller's email settings; PUT — change them
// (`{ "notifyNewCodes": false }` stops announcements of new codes).
import { json, withUser } from "@/lib/http";
import { getNotificationSettings, notificationSettingsSchema, setNotificationOptIn } from "@/lib/notifications";
import { otherMethods } from "@/lib/http/methods";

export const GET = withUser({}, async ({ caller, deps }) => {
  const s = await getNotificationSettings(deps.db, caller.user.id);
  return json({ notifyNewCodes: s.notifyNewCodes });
});

export const PUT = withUser({ body: notificationSettingsSchema }, async ({ body, caller, deps }) => {
  const s = await setNotificationOptIn(deps.db, { userId: caller.user.id, notifyNewCodes: body.notifyNewCodes });
  return json({ notifyNewCodes: s.notifyNewCodes });
});

export const { POST, PATCH, DELETE, OPTIONS } = otherMethods({ GET, PUT });
