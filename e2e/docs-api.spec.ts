import { expect, test } from "@playwright/test";

// /docs/api renders the OpenAPI document with Swagger UI, bundled with the app (there is no CDN).
test("the API reference renders every endpoint from /api/v1/openapi.json", async ({ page }) => {
  const external: string[] = [];
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.hostname !== "127.0.0.1" && url.protocol.startsWith("http")) external.push(req.url());
  });
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico")) consoleErrors.push(m.text());
  });

  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  const reference = page.getByRole("region", { name: "Endpoints" });
  await expect(reference.getByText("Discounts API", { exact: false }).first()).toBeVisible();
  for (const path of ["/api/v1/discountcode", "/api/v1/discountcode/{id}", "/api/v1/discountcodeusage", "/api/v1/auth/token", "/api/v1/health"]) {
    await expect(reference.locator(".opblock-summary-path", { hasText: new RegExp(`^${path.replace(/[{}/]/g, "\\$&")}$`) }).first()).toBeVisible();
  }

  // An operation opens with its request schema and its responses.
  // The redemption (POST): the path also has GET (the usages list).
  await reference.locator(".opblock-post .opblock-summary-path", { hasText: /^\/api\/v1\/discountcodeusage$/ }).click();
  const op = reference.locator(".opblock.is-open");
  await expect(op.getByText("Idempotency-Key").first()).toBeVisible();
  await expect(op.locator(".responses-table").getByText("409", { exact: true }).first()).toBeVisible();

  // Problem types link to the error table.
  await page.goto("/docs/api#error-already_used");
  await expect(page.locator("#error-already_used")).toContainText("409");

  expect(external, "no request leaves the app").toEqual([]);
  expect(consoleErrors).toEqual([]);
});
