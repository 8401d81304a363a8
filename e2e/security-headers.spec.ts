// Security headers in a real browser (issue 9, item 7): every page carries a CSP whose script
// nonce is fresh per request and sits on Next's own scripts, and the pages that lean on scripts
// and inline styles the most — sign-in, the dashboard (charts), checkout (the widget), the API
// reference (Scalar), the mailbox (an email in a sandboxed iframe) — render with zero CSP
// violations. The cross-origin embedding of /widget.js is e2e/widget.spec.ts.
import { expect, test, type Page } from "@playwright/test";
import { addToCart, signIn } from "./web-helpers";

/** Collects CSP violations: the DOM event (added before any page script) and console reports. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) fromConsole.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...fromConsole, ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []))];
}

function nonceOf(csp: string | null): string {
  const m = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp ?? "");
  expect(m, `a nonce in ${csp}`).not.toBeNull();
  return m![1]!;
}

test("pages carry a CSP with a fresh nonce on Next's scripts, and the static headers", async ({ request }) => {
  const first = await request.get("/sign-in");
  const second = await request.get("/sign-in");
  const csp = first.headers()["content-security-policy"] ?? null;
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).toContain("frame-ancestors 'none'");
  const nonce = nonceOf(csp);
  expect(nonceOf(second.headers()["content-security-policy"] ?? null)).not.toBe(nonce);
  const html = await first.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  for (const path of ["/sign-in", "/", "/api/v1/health", "/widget.js"]) {
    const h = (await request.get(path)).headers();
    expect(h["x-frame-options"], path).toBe("DENY");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(h["strict-transport-security"], `${path} over http`).toBeUndefined();
  }
  // JSON and the widget script need no document policy; the script must stay a script.
  expect((await request.get("/api/v1/health")).headers()["content-security-policy"]).toBeUndefined();
  expect((await request.get("/widget.js")).headers()["content-type"]).toMatch(/javascript/);
  // Behind a TLS-terminating proxy: HSTS.
  const https = await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
  expect(https.headers()["strict-transport-security"]).toMatch(/max-age=\d+/);
});

test("sign-in and the API reference render without CSP violations", async ({ page }) => {
  const violations = await watchCsp(page);
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await page.goto("/docs/api");
  // Scalar (inline <style>, style attributes): an operation rendered, then unfolded.
  const toggle = page.locator("main .reference-endpoint .section-accordion-button").first();
  await toggle.click({ position: { x: 4, y: 4 } });
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  expect(await violations()).toEqual([]);
});

test("the brand dashboard (charts) renders without CSP violations", async ({ page }) => {
  const violations = await watchCsp(page);
  await signIn(page, "brand@example.com", undefined, "/dashboard");
  await expect(page.getByRole("heading", { level: 1, name: "Discount codes" })).toBeVisible();
  // A code's page: its redemptions chart (recharts: SVG with inline styles).
  await page.getByRole("link", { name: "WELCOME10" }).first().click();
  await expect(page).toHaveURL(/\/dashboard\/codes\//);
  await expect(page.locator(".recharts-wrapper").first()).toBeVisible();
  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page).toHaveURL(/\/dashboard\/tokens/);
  expect(await violations()).toEqual([]);
});

test("checkout with the widget, the account page and the mailbox render without CSP violations", async ({ page }) => {
  const violations = await watchCsp(page);
  await signIn(page, "shopper@example.com", undefined, "/shop");
  await addToCart(page, ["Organic cotton tee"]);
  await page.goto("/checkout");
  const widget = page.locator("discount-widget");
  await expect(widget.getByLabel("Discount code")).toBeVisible();
  await widget.getByLabel("Discount code").fill("NO-SUCH-CODE-1");
  await widget.getByRole("button", { name: "Check" }).click();
  await expect(widget.getByRole("status").or(widget.getByRole("alert")).first()).toBeVisible();
  await page.goto("/account");
  await expect(page.getByRole("button", { name: "Change password" })).toBeVisible();
  await page.goto("/dev/mailbox");
  await expect(page.getByRole("heading", { level: 1, name: "Local mailbox" })).toBeVisible();
  // The mailbox polls: no networkidle. An email, when there is one, opens in its sandboxed frame.
  const email = page.locator("iframe[title^='Email']");
  if (await email.count()) await expect(email.first()).toBeVisible();
  expect(await violations()).toEqual([]);
});
