import { expect, test } from "@playwright/test";

test("the landing page says what the product is and links onwards", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Discount codes");
  const nav = page.getByRole("navigation", { name: "Get started" });
  await expect(nav.getByRole("link", { name: "Brand dashboard" })).toHaveAttribute("href", "/dashboard");
  await expect(nav.getByRole("link", { name: "Demo shop" })).toHaveAttribute("href", "/shop");
  await expect(nav.getByRole("link", { name: "API docs" })).toHaveAttribute("href", "/docs/api");
});

test("health answers ok", async ({ request }) => {
  const res = await request.get("/api/v1/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok", db: "ok", ledger: "ok" });
});
