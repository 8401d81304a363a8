// An axe scan (WCAG 2.1 A/AA rules) of every page, signed out, as a shopper and as a brand admin,
// in the states that matter (errors shown, a code checked, a token just created), in light and
// dark mode. Any serious or critical violation fails the test, listed with its elements.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addToCart, signIn } from "./web-helpers";

/** `exclude`: selectors of markup that is not ours and cannot be fixed from here (say why). */
async function expectNoSeriousViolations(page: Page, scan: string | { label: string; exclude: string[] }) {
  const { label, exclude } = typeof scan === "string" ? { label: scan, exclude: [] } : scan;
  await page.evaluate(() => document.fonts.ready);
  const builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  for (const selector of exclude) builder.exclude(selector);
  const results = await builder.analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("\n    ")}`);
  // Soft: one run lists every page with violations, not just the first.
  expect.soft(report, `${label} (${page.url()})`).toEqual([]);
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} mode`, () => {
    test.use({ colorScheme: scheme });

    test("public pages", async ({ page }) => {
      for (const path of ["/", "/shop", "/sign-in", "/sign-up", "/docs/api"]) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBeLessThan(400);
        // The API reference renders in the browser: scan it once its operations are on the page.
        if (path === "/docs/api") await page.locator("main .reference-endpoint").first().waitFor();
        await expectNoSeriousViolations(page, path);
      }

      // /docs/api's "Test Request" opens Scalar's API client (on the introspection operation).
      await page.goto("/docs/api");
      const op = page.locator("[id='api-1/tag/accounts/GET/api/v1/auth/token']");
      await op.scrollIntoViewIfNeeded();
      await op.locator(".section-accordion-button").click({ position: { x: 4, y: 4 } });
      await op.getByRole("button", { name: /Test Request/ }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await expectNoSeriousViolations(page, {
        label: "/docs/api, Test Request",
        // Inside Scalar's API client (@scalar/api-reference 1.76), not reachable by configuration or CSS:
        // its key/value cells are contenteditable role=combobox without aria-expanded/aria-controls
        // (critical aria-required-attr); its "More Information" icon buttons carry role=none with an
        // aria-label (serious aria-prohibited-attr); its CodeMirror editors have no label (serious
        // aria-input-field-name).
        exclude: [
          ".scalar-client .code-input-lite__editor[role='combobox']",
          ".scalar-client button[role='none'][aria-label='More Information']",
          ".scalar-client .cm-content",
        ],
      });
    });

    test("shopper pages", async ({ page }) => {
      await signIn(page, "shopper@example.com");
      await page.goto("/checkout");
      await expect(page.getByText("Your cart is empty")).toBeVisible();
      await expectNoSeriousViolations(page, "empty checkout");

      await addToCart(page, ["Organic cotton tee", "Daypack 22 L"]);
      await expectNoSeriousViolations(page, "shop with a cart");
      await page.goto("/checkout");
      const widget = page.locator("discount-widget");
      await widget.getByLabel("Discount code").fill("TRAIL15");
      await widget.getByRole("button", { name: "Check" }).click();
      await expect(widget.getByRole("status")).toContainText("15% off");
      await expectNoSeriousViolations(page, "checkout with a code checked");
      await widget.getByLabel("Discount code").fill("SPRINGSALE2026");
      await widget.getByRole("button", { name: "Check" }).click();
      await expect(widget.getByRole("alert")).toContainText("expired");
      await expectNoSeriousViolations(page, "checkout with a refusal");

      for (const path of ["/account", "/sign-out", "/dashboard"]) {
        await page.goto(path);
        await expectNoSeriousViolations(page, path);
      }
    });

    test("brand pages", async ({ page }) => {
      await signIn(page, "brand@example.com", undefined, "/dashboard");
      await expectNoSeriousViolations(page, "/dashboard");
      await page.getByRole("link", { name: "WELCOME10", exact: true }).first().click();
      await expect(page.getByRole("heading", { name: "Redemptions over time" })).toBeVisible();
      await expectNoSeriousViolations(page, "code page");

      await page.goto("/dashboard/codes/new");
      await expectNoSeriousViolations(page, "new code");
      await page.getByRole("button", { name: "Create code" }).click();
      await expect(page.getByText("Choose when the code ends.")).toBeVisible();
      await expectNoSeriousViolations(page, "new code with errors");

      await page.goto("/dashboard/tokens");
      await expectNoSeriousViolations(page, "tokens");
      await page.getByLabel("Name").fill(`a11y ${scheme}`);
      await page.getByRole("button", { name: "Create token" }).click();
      await expect(page.getByTestId("new-token")).toBeVisible();
      await expectNoSeriousViolations(page, "tokens with a new token");

      for (const path of ["/account", "/dev/mailbox"]) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBeLessThan(400);
        await expectNoSeriousViolations(page, path);
      }
    });
  });
}
