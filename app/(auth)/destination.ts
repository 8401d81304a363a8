// Where a signed-in user goes from the sign-in and sign-up pages (and right after signing in):
// back to `callbackUrl` when it is a path on this site, else home — brand admins to their
// dashboard, shoppers to the shop's front page. Never back to these forms, which would loop.
import type { UserRole } from "@/lib/accounts/types";
import { safeCallbackUrl } from "@/lib/auth/page-access";

export function homeOf(role: UserRole | null | undefined): string {
  return role === "brand" ? "/dashboard" : "/";
}

export function destinationFor(role: UserRole | null | undefined, callbackUrl?: unknown): string {
  const home = homeOf(role);
  const target = safeCallbackUrl(callbackUrl, home);
  return /^\/sign-(in|up)(?:[/?#]|$)/.test(target) ? home : target;
}
