// Bulk unique codes in a real browser: a brand generates a batch, watches the progress bar reach
// 100 %, downloads the CSV; the page is axe-clean (no serious or critical violations) in light and
// dark mode, with errors shown and with a finished batch.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./web-helpers";

async function expectNoSeriousViolations(page: Page, label: string) {
  await page.evaluate(() => document.fonts.ready);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("\n    ")}`);
  expect.soft(report, label).toEqual([]);
}

const uniquePrefix = () => `E${Date.now().toString(36).toUpperCase()}`.replace(/[^A-Z0-9]/g, "").slice(0, 12);

test("a brand generates 500 codes, sees the progress reach done and downloads the CSV", async ({ page }) => {
  await signIn(page, "brand@example.com", undefined, "/dashboard");
  await page.getByRole("link", { name: "Bulk codes" }).click();
  await expect(page).toHaveURL(/\/dashboard\/batches$/);
  await expect(page.getByRole("heading", { level: 1, name: "Bulk codes" })).toBeVisible();
  await page.waitForLoadState("networkidle"); // hydrated: the quick-date chips work only then

  // Refused first, inline, by the API's own schema.
  await page.getByLabel("Prefix").fill("x");
  await page.getByRole("button", { name: "Generate codes" }).click();
  await expect(page.getByLabel("Prefix")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Must be 2–12 characters of A–Z and 0–9.")).toBeVisible();
  await expectNoSeriousViolations(page, "bulk codes with errors");

  const prefix = uniquePrefix();
  await page.getByLabel("Prefix").fill(prefix.toLowerCase());
  await page.getByLabel("How many codes").fill("500");
  await page.getByLabel("Percentage off").fill("15");
  // The quick-date chips need the page hydrated (a dev server hydrates late): click until it takes.
  await expect(async () => {
    await page.getByRole("button", { name: "In 30 days" }).click();
    await expect(page.getByLabel("Valid until")).not.toHaveValue("", { timeout: 1000 });
  }).toPass();
  await page.getByRole("button", { name: "Generate codes" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Generating 500 codes ${prefix}-` })).toBeVisible();

  const row = page.getByRole("row").filter({ hasText: `${prefix}-…` });
  const bar = row.getByRole("progressbar");
  await expect(bar).toHaveAttribute("aria-valuemax", "500");
  await expect(bar).toHaveAttribute("aria-valuenow", "500", { timeout: 30_000 });
  await expect(row.getByText("Done")).toBeVisible();
  await expect(row.getByText("15% off, single-use")).toBeVisible();

  const download = page.waitForEvent("download");
  await row.getByRole("link", { name: `Download CSV of the ${prefix} codes` }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^${prefix.toLowerCase()}-bat_[0-9a-z]+\\.csv$`));
  const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  const lines = text.split("\r\n").filter(Boolean);
  expect(lines[0]).toBe("code");
  expect(lines).toHaveLength(501);
  expect(new Set(lines.slice(1)).size).toBe(500);
  for (const code of lines.slice(1)) expect(code).toMatch(new RegExp(`^${prefix}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$`));

  await expectNoSeriousViolations(page, "bulk codes, light");
  await page.emulateMedia({ colorScheme: "dark" });
  await expectNoSeriousViolations(page, "bulk codes, dark");
});
