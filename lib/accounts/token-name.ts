// A token's name tells its owner where it is used. The dashboard asks for one; POST
// /api/v1/auth/token takes an optional one and otherwise names the token after the client that
// signed in ("Sign-in from Firefox on macOS", "Sign-in from curl"), so a list of sign-ins can be
// told apart (with the time each was created) instead of reading "API token" on every row.
import { safeText } from "../http/text";

export const TOKEN_NAME_MAX = 60;

export const tokenNameSchema = safeText()
  .trim()
  .min(1, { message: "Give the token a name, e.g. “Storefront”." })
  .max(TOKEN_NAME_MAX, { message: `Keep the name to ${TOKEN_NAME_MAX} characters or fewer.` })
  .meta({ description: "Where the token is used, shown in the dashboard's token list." });

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
const browsers: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\b(?:OPR|Opera)\//, "Opera"],
  [/\b(?:Firefox|FxiOS)\//, "Firefox"],
  [/\b(?:Chrome|Chromium|CriOS)\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
];
const systems: [RegExp, string][] = [
  [/\b(?:iPhone|iPad|iPod)\b/, "iOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

/** "Chrome on Linux", "curl", or null when the client did not say (or said nothing readable). */
export function describeUserAgent(userAgent: string | null | undefined): string | null {
  const ua = userAgent?.trim();
  if (!ua) return null;
  const browser = browsers.find(([re]) => re.test(ua))?.[1];
  const system = systems.find(([re]) => re.test(ua))?.[1];
  if (browser) return system ? `${browser} on ${system}` : browser;
  // A program: the name of its first product token ("curl/8.5.0" → "curl", "node" → "node").
  const product = /^([A-Za-z][\w.+-]{0,30})/.exec(ua)?.[1];
  return product && product !== "Mozilla" ? product : system ?? null;
}

/** The name of a token issued over the API without one. */
export function defaultTokenName(userAgent: string | null | undefined): string {
  const client = describeUserAgent(userAgent);
  return (client ? `Sign-in from ${client}` : "API sign-in").slice(0, TOKEN_NAME_MAX);
}
