"use server";
// A shopper's notification setting, through the notifications domain (the same switch the
// one-click unsubscribe link turns off).
import { revalidatePath } from "next/cache";
import { getViewer } from "@/components/session";
import { getDeps } from "@/lib/deps";
import { setNotificationOptIn } from "@/lib/notifications";

export async function setAnnouncementsAction(enabled: boolean): Promise<{ ok: boolean; enabled: boolean }> {
  const viewer = await getViewer();
  if (!viewer || typeof enabled !== "boolean") return { ok: false, enabled: !enabled };
  const { db } = await getDeps();
  const settings = await setNotificationOptIn(db, viewer.id, enabled);
  revalidatePath("/account");
  return { ok: true, enabled: settings.notifyNewCodes };
}
