// Helpers shared by the web specs (dashboard, checkout, widget, a11y): signing in through the
// real form, creating codes through the real API, and saving screenshots as test artifacts.
import { expect, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";

export const DEMO_PASSWORD = "demo1234";

/** Signs in through /sign-in and waits until the app has navigated away from it. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, next?: string) {
  await page.goto(next ? `/sign-in?callbackUrl=${encodeURIComponent(next)}` : "/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** A code name no earlier run used (codes are unique across the marketplace). */
export function uniqueCode(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.toUpperCase().slice(0, 32);
}

/** An API token for a demo account (POST /api/v1/auth/token). */
export async function apiToken(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<{ token: string; user: { id: string } }> {
  const res = await request.post("/api/v1/auth/token", { data: { email, password } });
  expect(res.status()).toBe(201);
  return res.json();
}

/** Creates a code as a brand over the API (the same createCode as the dashboard). */
export async function createCodeViaApi(
  request: APIRequestContext,
  o: { email: string; code: string; discount: number; validFrom?: Date; validUntil?: Date },
): Promise<{ id: string; code: string; brand: { id: string; name: string } }> {
  const { token } = await apiToken(request, o.email);
  const res = await request.post("/api/v1/discountcode/", {
    headers: { authorization: `Bearer ${token}` },
    data: {
      code: o.code,
      discount: o.discount,
      validUntil: (o.validUntil ?? new Date(Date.now() + 7 * 24 * 3600 * 1000)).toISOString(),
      ...(o.validFrom ? { validFrom: o.validFrom.toISOString() } : {}),
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

/** Saves a full-page screenshot under this test's output folder and attaches it to the report. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string) {
  // Fonts and client components settle before the picture is taken.
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0); // no hover states or tooltips in the picture
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** Adds products to the cart from /shop by their names. */
export async function addToCart(page: Page, names: string[]) {
  await page.goto("/shop");
  for (const name of names) {
    const button = page.getByRole("button", { name: `Add to cart: ${name}` });
    await expect(button).toBeEnabled();
    await button.click();
  }
}

/** The four screens a page is checked on: 375 px and desktop, light and dark. */
export const SCREENS = [
  { label: "375-light", width: 375, height: 812, colorScheme: "light" },
  { label: "375-dark", width: 375, height: 812, colorScheme: "dark" },
  { label: "desktop-light", width: 1280, height: 800, colorScheme: "light" },
  { label: "desktop-dark", width: 1280, height: 800, colorScheme: "dark" },
] as const;

/**
 * Saves `name-<screen>.png` for each of the four screens (test artifacts), then puts the page
 * back on the desktop viewport in its original scheme. Pass `check` to assert something on each
 * screen before its picture is taken (e.g. no sideways scroll).
 */
export async function saveScreens(page: Page, testInfo: TestInfo, name: string, check?: (screen: (typeof SCREENS)[number]) => Promise<void>) {
  const original = page.viewportSize();
  for (const screen of SCREENS) {
    await page.setViewportSize({ width: screen.width, height: screen.height });
    await page.emulateMedia({ colorScheme: screen.colorScheme });
    if (check) await check(screen);
    await saveScreenshot(page, testInfo, `${name}-${screen.label}`);
  }
  await page.emulateMedia({ colorScheme: null });
  if (original) await page.setViewportSize(original);
}

/** How many CSS pixels the page scrolls sideways (0 when nothing overflows the viewport). */
export async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
