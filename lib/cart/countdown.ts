// The countdown of a held code ("14:32 left"): whole seconds until the hold's expiresAt, never
// below 0. Pure, so the checkout and the widget count the same way.

/** Whole seconds left until `expiresAt` (rounded up, so "0:01" shows until the last moment). */
export function secondsLeft(expiresAt: string | Date, now: number = Date.now()): number {
  const end = new Date(expiresAt).getTime();
  if (Number.isNaN(end)) return 0;
  return Math.max(0, Math.ceil((end - now) / 1000));
}

/** "14:05", "0:09", "1:00:00". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** In words, for screen readers: "14 minutes 5 seconds". */
export function countdownWords(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const m = Math.floor(s / 60);
  const r = s % 60;
  const parts = [];
  if (m) parts.push(`${m} minute${m === 1 ? "" : "s"}`);
  if (r || !m) parts.push(`${r} second${r === 1 ? "" : "s"}`);
  return parts.join(" ");
}

/**
 * When a hold ends on THIS device's clock: now + the hold's length as the server measured it
 * (expiresAt − usedAt, both server times), so a device clock that runs fast or slow still shows
 * the right countdown. Falls back to expiresAt itself when usedAt is missing.
 */
export function localDeadline(usage: { usedAt?: string | null; expiresAt?: string | null }, receivedAt: number = Date.now()): number | null {
  if (!usage.expiresAt) return null;
  const end = new Date(usage.expiresAt).getTime();
  const start = usage.usedAt ? new Date(usage.usedAt).getTime() : Number.NaN;
  if (Number.isNaN(end)) return null;
  if (Number.isNaN(start)) return end;
  return receivedAt + Math.max(0, end - start);
}
