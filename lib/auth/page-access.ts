// Which pages need whom (applied by proxy.ts): the dashboard is for brand admins, checkout for
// any signed-in user. Pure, so it is unit-tested without Next.
export type PageNeed = "user" | "brand";

export const protectedPages: readonly { prefix: string; needs: PageNeed }[] = [
  { prefix: "/dashboard", needs: "brand" },
  { prefix: "/checkout", needs: "user" },
];

export type PageDecision = { action: "allow" } | { action: "sign-in" } | { action: "forbidden"; needs: PageNeed };

function under(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(prefix + "/");
}

/** Whether the page has a rule at all (the proxy reads the session cookie only for those). */
export function isProtectedPage(pathname: string): boolean {
  return protectedPages.some((p) => under(pathname, p.prefix));
}

export function pageAccess(pathname: string, user: { role?: string } | null | undefined): PageDecision {
  const rule = protectedPages.find((p) => under(pathname, p.prefix));
  if (!rule) return { action: "allow" };
  if (!user) return { action: "sign-in" };
  if (rule.needs === "brand" && user.role !== "brand") return { action: "forbidden", needs: "brand" };
  return { action: "allow" };
}

/**
 * Where to go after signing in: only a path on this site (`/…`, never `//host` or `/\host`, which
 * browsers treat as another origin), else the fallback. Stops open redirects through callbackUrl.
 */
export function safeCallbackUrl(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) {
    return fallback;
  }
  // Control characters (tabs, newlines) are stripped by URL parsers and can hide a second slash.
  if (/[\u0000-\u001f\u007f]/.test(raw)) return fallback;
  return raw;
}

/** The sign-in page, coming back to `callbackUrl` afterwards. */
export function signInPath(callbackUrl: string): string {
  return `/sign-in?${new URLSearchParams({ callbackUrl })}`;
}
