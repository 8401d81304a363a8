// Checkout in a real browser: a shopper fills a cart with two brands, checks and applies a code,
// and sees only that brand's lines discounted and the API's total; every refusal has its own words.
import { expect, test, type Page } from "@playwright/test";
import { addToCart, createCodeViaApi, saveScreenshot, signIn, uniqueCode } from "./web-helpers";

const euro = (minor: number) => `€${(minor / 100).toFixed(2)}`;

async function applyCode(page: Page, code: string, o: { keyboard?: boolean } = {}) {
  const widget = page.locator("discount-widget");
  await widget.getByLabel("Discount code").fill(code);
  if (o.keyboard) await widget.getByLabel("Discount code").press("Enter");
  else await widget.getByRole("button", { name: "Check" }).click();
}

test("a shopper applies a brand's code: only that brand's lines are discounted, and it works once", async ({ page, request }, testInfo) => {
  const code = uniqueCode("CHK");
  await createCodeViaApi(request, { email: "brand@example.com", code, discount: 20 });

  await signIn(page, "shopper@example.com", undefined, "/shop");
  // Acme: tee 29.00 ×2, hoodie 79.00 — Northwind: daypack 89.00.
  await addToCart(page, ["Organic cotton tee", "Organic cotton tee", "Trail hoodie", "Daypack 22 L"]);
  await expect(page.getByRole("link", { name: "Cart, 4 items" })).toBeVisible();
  await page.getByRole("link", { name: /^Checkout/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();
  const subtotal = 2 * 2900 + 7900 + 8900;
  await expect(page.getByTestId("order-total")).toHaveText(euro(subtotal));

  await applyCode(page, code.toLowerCase());
  // The GET: the brand and the terms, and what it would save on this cart.
  const widget = page.locator("discount-widget");
  await expect(widget.getByRole("status")).toContainText("20% off every Acme Outfitters product");
  const discount = Math.round(((2 * 2900 + 7900) * 20) / 100);
  await expect(widget.getByRole("status")).toContainText(`You’ll save ${euro(discount)} on 3 items from Acme Outfitters`);
  await saveScreenshot(page, testInfo, "checkout-preview-desktop");

  // The POST: the API's pricing.
  await widget.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("discount-row")).toContainText(`−${euro(discount)}`);
  await expect(page.getByTestId("order-total")).toHaveText(euro(subtotal - discount));
  const acme = page.getByRole("region", { name: "Acme Outfitters items" });
  const northwind = page.getByRole("region", { name: "Northwind Supply items" });
  await expect(acme.getByText("20% off")).toBeVisible();
  await expect(acme.locator("[data-sku=ACME-TEE] [data-testid=line-total]")).toContainText(`Was ${euro(5800)}`);
  await expect(acme.locator("[data-sku=ACME-TEE] [data-testid=line-total]")).toContainText(`Now ${euro(5800 - 1160)}`);
  await expect(acme.locator("[data-sku=ACME-HOODIE] [data-testid=line-total]")).toContainText(`Now ${euro(7900 - 1580)}`);
  await expect(northwind.locator("[data-sku=NW-PACK] [data-testid=line-total]")).toHaveText(euro(8900));
  await expect(page.getByRole("status").filter({ hasText: `${code} applied. You saved ${euro(discount)}` })).toBeAttached();
  await saveScreenshot(page, testInfo, "checkout-desktop");

  await page.setViewportSize({ width: 375, height: 812 });
  await page.reload();
  await expect(page.getByTestId("order-total")).toHaveText(euro(subtotal - discount));
  await saveScreenshot(page, testInfo, "checkout-375");
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.getByRole("button", { name: /^Place order/ }).click();
  await expect(page.getByRole("heading", { name: "Order placed" })).toBeVisible();

  // Once per shopper: the next cart is refused with the right words.
  await addToCart(page, ["Trail hoodie"]);
  await page.goto("/checkout");
  await applyCode(page, code);
  await expect(widget.getByRole("alert")).toContainText("You’ve already used this code");
  await expect(widget.getByLabel("Discount code")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("order-total")).toHaveText(euro(7900));
});

test("every refusal has its own message", async ({ page, request }) => {
  const fresh = `e2e-refusals-${Date.now()}@example.test`;
  const reg = await request.post("/api/v1/auth/register", { data: { email: fresh, password: "a-long-enough-password", name: "Rita Refusal", role: "shopper" } });
  expect(reg.status()).toBe(201);
  await signIn(page, fresh, "a-long-enough-password", "/shop");
  await addToCart(page, ["Trail hoodie"]);
  await page.goto("/checkout");
  const widget = page.locator("discount-widget");
  const alert = widget.getByRole("alert");

  const cases: [string, RegExp][] = [
    ["NOPE-" + Date.now().toString(36), /Code not found\. We couldn’t find “NOPE-/],
    ["SPRINGSALE2026", /This code has expired\. “SPRINGSALE2026” ended on/],
    ["WINTER25", /This code isn’t active yet\. “WINTER25” starts on/],
    ["no", /That doesn’t look like a code/],
  ];
  for (const [code, message] of cases) {
    await applyCode(page, code, { keyboard: true });
    await expect(alert).toHaveText(message);
  }

  // Past the lookup budget (codes that do not exist), the API answers 429: the widget says wait.
  for (let i = 0; i < 25; i++) {
    const res = await page.request.get(`/api/v1/discountcode/GUESS${i}X${Date.now().toString(36)}`);
    if (res.status() === 429) break;
  }
  await applyCode(page, "WELCOME10");
  await expect(alert).toHaveText(/Too many attempts\. Try again in \d+ seconds?\./);
});
