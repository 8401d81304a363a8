// The forms speak the form, not the API (issue 12 #5): every missing field is flagged at once, in
// the form's own words, tied to its field; the "Reuse a rule" list offers each rule once (#6); a
// signed-in user who opens /sign-in or /sign-up is sent on instead of seeing the form again (#10).
import { expect, test, type Locator, type Page } from "@playwright/test";
import { saveScreens, signIn, uniqueCode } from "./web-helpers";

/** Words of the API's contract that a form must never show a person. */
const apiSpeak = /validFrom|validUntil|ruleId|too small|too big|expected|required for|not both|>=/i;

/** The error of a field as a screen reader reaches it: aria-invalid, then the text its aria-describedby points at. */
async function errorOf(field: Locator): Promise<string> {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  const ids = ((await field.getAttribute("aria-describedby")) ?? "").split(/\s+/).filter(Boolean);
  expect(ids.length, "the error is tied to its field").toBeGreaterThan(0);
  const texts = await Promise.all(ids.map((id) => field.page().locator(`[id="${id}"]`).innerText()));
  return texts.join(" ");
}

/** A `datetime-local` value `days` from now, in the browser's (= this machine's) time zone. */
function localInput(days: number): string {
  const d = new Date(Date.now() + days * 24 * 3600 * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

async function expectNoApiSpeak(page: Page) {
  const shown = await page.getByRole("main").innerText();
  expect(shown).not.toMatch(apiSpeak);
}

test.describe("the create-code form", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "brand@example.com", undefined, "/dashboard/codes/new");
    await expect(page.getByRole("heading", { level: 1, name: "New discount code" })).toBeVisible();
  });

  test("an empty submit flags every missing field at once, in the form's words", async ({ page }, testInfo) => {
    await page.getByRole("button", { name: "Create code" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Check the 3 highlighted fields." })).toBeVisible();
    expect(await errorOf(page.getByLabel("Code", { exact: true }))).toContain("Enter a code.");
    expect(await errorOf(page.getByLabel("Percentage off"))).toContain("Enter a percentage from 1 to 100");
    expect(await errorOf(page.getByLabel("Ends"))).toContain("Choose when the code ends.");
    await expect(page.locator("[aria-invalid=true]")).toHaveCount(3);
    await expectNoApiSpeak(page);
    await saveScreens(page, testInfo, "create-code-empty");
  });

  test("an end before the start names the fields as the form labels them", async ({ page }, testInfo) => {
    await page.getByLabel("Code", { exact: true }).fill(uniqueCode("WIN"));
    await page.getByRole("button", { name: "20%" }).click();
    await page.getByLabel("Starts").fill(localInput(40));
    await page.getByRole("button", { name: "In 7 days" }).click();
    await page.getByRole("button", { name: "Create code" }).click();
    expect(await errorOf(page.getByLabel("Ends"))).toContain("Ends must be after Starts.");
    await expectNoApiSpeak(page);
    await saveScreens(page, testInfo, "create-code-window");
  });

  test("codes with the same new percentage share one rule, offered once for reuse", async ({ page }, testInfo) => {
    for (let i = 0; i < 2; i++) {
      await page.goto("/dashboard/codes/new");
      await page.getByLabel("Code", { exact: true }).fill(uniqueCode("TWIN"));
      await page.getByLabel("Percentage off").fill("20");
      await page.getByRole("button", { name: "In 30 days" }).click();
      await page.getByRole("button", { name: "Create code" }).click();
      await expect(page).toHaveURL(/\/dashboard\/codes\/[0-9a-f]{64}\?created=1/);
    }
    await page.goto("/dashboard/codes/new");
    await page.getByText("Reuse a rule").click();
    const twenty = page.getByLabel("Rule", { exact: true }).locator("option").filter({ hasText: /^20% off every Acme Outfitters product —/ });
    await expect(twenty).toHaveCount(1);
    const label = (await twenty.innerText()).trim();
    expect(Number(/used by (\d+) codes?$/.exec(label)?.[1] ?? 0)).toBeGreaterThanOrEqual(2);
    // Every entry once.
    const all = await page.getByLabel("Rule", { exact: true }).locator("option").allInnerTexts();
    const terms = all.map((t) => t.replace(/ — used by .*$/, ""));
    expect(new Set(terms).size).toBe(terms.length);
    await saveScreens(page, testInfo, "create-code-reuse");
  });
});

test.describe("sign-in and sign-up", () => {
  test("an empty password is asked for in plain words, on both forms", async ({ page }, testInfo) => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await errorOf(page.getByLabel("Email"))).toContain("Enter your email address.");
    expect(await errorOf(page.getByLabel("Password"))).toContain("Enter your password.");
    await page.getByLabel("Email").fill("shopper@example.com");
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await errorOf(page.getByLabel("Password"))).toContain("Enter your password.");
    await expect(page.getByLabel("Email")).not.toHaveAttribute("aria-invalid", "true");
    await expectNoApiSpeak(page);
    await saveScreens(page, testInfo, "sign-in-empty-password");

    await page.goto("/sign-up");
    await page.getByLabel("A brand").check();
    await page.getByRole("button", { name: "Create account" }).click();
    expect(await errorOf(page.getByLabel("Name", { exact: true }))).toContain("Enter your name.");
    expect(await errorOf(page.getByLabel("Brand name"))).toContain("Enter your brand's name.");
    expect(await errorOf(page.getByLabel("Email"))).toContain("Enter your email address.");
    expect(await errorOf(page.getByLabel("Password"))).toContain("Enter your password.");
    await expectNoApiSpeak(page);
    await saveScreens(page, testInfo, "sign-up-empty");
  });

  test("a signed-in user who opens sign-in or sign-up goes on", async ({ page }, testInfo) => {
    await signIn(page, "brand@example.com", undefined, "/dashboard");
    await page.goto("/sign-in");
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto("/sign-up");
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/dashboard/tokens")}`);
    await expect(page).toHaveURL(/\/dashboard\/tokens$/);
    // Only to this site, and never back to the form.
    for (const callbackUrl of ["//evil.example/x", "https://evil.example/", "/sign-in"]) {
      await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/dashboard$/);
    }
    await saveScreens(page, testInfo, "signed-in-brand-sent-on");

    await page.context().clearCookies();
    await signIn(page, "shopper@example.com");
    await page.goto("/sign-in");
    await expect(page).toHaveURL(/:\d+\/$/);
    await page.goto(`/sign-up?callbackUrl=${encodeURIComponent("/shop")}`);
    await expect(page).toHaveURL(/\/shop$/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toHaveCount(0);
  });
});
