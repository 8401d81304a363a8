// The brand's codes list at scale (issue 12, #11) and the code page (#7, #12): a brand with
// 10,000 bulk codes finds one in one step by searching its prefix; status tabs, sort, cursor pages
// and the whole state in the URL (reload and back keep it). The code page shows the brand's own
// lines of each order, money per currency, and landmarks with distinct names.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { apiToken, saveScreens, sidewaysScroll, signIn, uniqueCode } from "./web-helpers";

const BRAND = "brand@example.com";

/** axe (WCAG 2.1 A/AA): no serious or critical violation, listed with their elements. */
async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect.soft(serious.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), label).toEqual([]);
}
const DAY = 24 * 3600 * 1000;

/** The codes shown in the list (desktop table), in order. */
async function listed(page: Page): Promise<string[]> {
  return page.getByRole("region", { name: "Discount codes" }).locator("tbody tr td:first-child a").allTextContents();
}

async function bearer(request: APIRequestContext, email: string) {
  const t = await apiToken(request, email);
  return { headers: { authorization: `Bearer ${t.token}` }, user: t.user as { id: string; brand?: { id: string; name: string } } };
}

async function createCode(request: APIRequestContext, auth: { headers: Record<string, string> }, body: Record<string, unknown>) {
  const res = await request.post("/api/v1/discountcode/", { headers: auth.headers, data: body });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; code: string };
}

test("a brand with 10,000 codes finds one in one step, filters, sorts and pages, all in the URL", async ({ page, request }) => {
  test.setTimeout(240_000);
  const brand = await bearer(request, BRAND);
  const shopper = await bearer(request, "shopper@example.com");

  // 10,000 bulk codes (the way a brand gets that many).
  const prefix = `L${Date.now().toString(36).toUpperCase()}`.slice(0, 10);
  const batch = await request.post("/api/v1/discountcode/batch/", {
    headers: brand.headers,
    data: { prefix, count: 10_000, discount: 5, validUntil: new Date(Date.now() + 30 * DAY).toISOString() },
  });
  expect(batch.status(), await batch.text()).toBe(202);
  const batchId = ((await batch.json()) as { id: string }).id;
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/discountcode/batch/${batchId}/`, { headers: brand.headers })).json()) as { status: string }).status, {
      timeout: 120_000,
    })
    .toBe("done");
  const someBatchCodes = (await (await request.get(`/api/v1/discountcode/?batchId=${batchId}&limit=3`, { headers: brand.headers })).json()) as {
    data: { code: string }[];
  };
  const needle = someBatchCodes.data[1]!.code;

  // Four ordinary codes under one fresh prefix: ends on different days, one scheduled, one redeemed, one deactivated.
  const tag = uniqueCode("S").slice(0, 9);
  const ends = (days: number) => new Date(Date.now() + days * DAY).toISOString();
  const a = await createCode(request, brand, { code: `${tag}A`, discount: 10, validUntil: ends(20) });
  const b = await createCode(request, brand, { code: `${tag}B`, discount: 10, validUntil: ends(10) });
  const c = await createCode(request, brand, { code: `${tag}C`, discount: 10, validUntil: ends(30) });
  const d = await createCode(request, brand, { code: `${tag}D`, discount: 10, validFrom: ends(2), validUntil: ends(40) });
  const used = await request.post("/api/v1/discountcodeusage/", {
    headers: shopper.headers,
    data: { code: b.code, userId: shopper.user.id, amount: 1000, currency: "EUR" },
  });
  expect(used.status(), await used.text()).toBe(201);
  expect((await request.post(`/api/v1/discountcode/${c.id}/deactivate`, { headers: brand.headers })).status()).toBe(200);

  await signIn(page, BRAND, undefined, "/dashboard");
  await expect(page.getByRole("heading", { level: 1, name: "Discount codes" })).toBeVisible();

  // One step: type part of the code (any case) and search.
  const search = page.getByRole("search");
  await search.getByLabel("Search codes").fill(needle.slice(0, -2).toLowerCase());
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${needle.slice(0, -2)}`, "i"));
  await expect.poll(() => listed(page)).toEqual([needle]);
  await expect(page.getByRole("status").filter({ hasText: "1 code" })).toBeVisible();
  await saveScreens(page, testInfo(), "codes-search-one", async (screen) => {
    expect(await sidewaysScroll(page), screen.label).toBe(0);
    await expectNoSeriousViolations(page, `search, ${screen.label}`);
  });

  // The batch's prefix: 10,000 codes, 50 a page, Next and Previous by cursor, ties (one end date) stable.
  await search.getByLabel("Search codes").fill(prefix);
  await search.getByLabel("Sort by").selectOption("ends_asc");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("status").filter({ hasText: "10,000 codes" })).toBeVisible();
  const first = await listed(page);
  expect(first).toHaveLength(50);
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect.poll(async () => (await listed(page))[0]).not.toBe(first[0]);
  const second = await listed(page);
  expect(second).toHaveLength(50);
  expect(second.filter((x) => first.includes(x))).toEqual([]);
  // Reload keeps the whole view.
  await page.reload();
  await expect.poll(() => listed(page)).toEqual(second);
  await expect(page.getByRole("search").getByLabel("Search codes")).toHaveValue(prefix);
  await expect(page.getByRole("search").getByLabel("Sort by")).toHaveValue("ends_asc");
  await page.getByRole("link", { name: "Previous page" }).click();
  await expect.poll(() => listed(page)).toEqual(first);
  await saveScreens(page, testInfo(), "codes-pages");

  // Status tabs over the four ordinary codes; sort by end date and by redemptions.
  await page.goto(`/dashboard?q=${tag}`);
  const tabs = page.getByRole("navigation", { name: "Filter by status" });
  await expect(tabs.getByRole("link", { name: /^All/ })).toHaveAttribute("aria-current", "page");
  await expect.poll(async () => (await listed(page)).sort()).toEqual([a.code, b.code, c.code, d.code].sort());
  await tabs.getByRole("link", { name: /^Deactivated/ }).click();
  await expect(tabs.getByRole("link", { name: /^Deactivated/ })).toHaveAttribute("aria-current", "page");
  await expect.poll(() => listed(page)).toEqual([c.code]);
  await tabs.getByRole("link", { name: /^Scheduled/ }).click();
  await expect.poll(() => listed(page)).toEqual([d.code]);
  await tabs.getByRole("link", { name: /^Active/ }).click();
  await expect(page).toHaveURL(/status=active/);
  await page.getByRole("search").getByLabel("Sort by").selectOption("ends_asc");
  await page.getByRole("search").getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/sort=ends_asc/); // this view, not the one before it (same order)
  await expect.poll(() => listed(page)).toEqual([b.code, a.code]);
  await expect(page).toHaveURL(/status=active/);
  await saveScreens(page, testInfo(), "codes-active-by-end", async (screen) => {
    expect(await sidewaysScroll(page), screen.label).toBe(0);
    await expectNoSeriousViolations(page, `active tab, ${screen.label}`);
  });
  await page.getByRole("search").getByLabel("Sort by").selectOption("redemptions_desc");
  await page.getByRole("search").getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/sort=redemptions_desc/); // this view, not the one before it (same order)
  await expect.poll(() => listed(page)).toEqual([b.code, a.code]);
  await page.getByRole("search").getByLabel("Sort by").selectOption("redemptions_asc");
  await page.getByRole("search").getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/sort=redemptions_asc/); // this view, not the one before it (same order)
  await expect.poll(() => listed(page)).toEqual([a.code, b.code]);
  // Back restores the previous view; a shared link reproduces it.
  await page.goBack();
  await expect.poll(() => listed(page)).toEqual([b.code, a.code]);
  await expect(page.getByRole("search").getByLabel("Sort by")).toHaveValue("redemptions_desc");
  const shared = page.url();
  const other = await page.context().browser()!.newPage({ storageState: await page.context().storageState() });
  await other.goto(shared);
  await expect.poll(() => listed(other)).toEqual([b.code, a.code]);
  await other.close();
});

test("without JavaScript the search form still works", async ({ browser, page: signedIn }) => {
  await signIn(signedIn, BRAND, undefined, "/dashboard");
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await signedIn.context().storageState() });
  const page = await context.newPage();
  await page.goto("/dashboard");
  await page.getByRole("search").getByLabel("Search codes").fill("welcome");
  await page.getByRole("search").getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=welcome/i);
  expect(await listed(page)).toEqual(["WELCOME10"]);
  await expect(page.getByRole("search").getByLabel("Search codes")).toHaveValue("WELCOME");
  await context.close();
});

test("the code page shows the brand's own lines, money per currency, and distinct landmarks", async ({ page, request }) => {
  const brand = await bearer(request, BRAND);
  const other = await bearer(request, "brand2@example.com");
  const shopper = await bearer(request, "shopper@example.com");
  const acmeId = brand.user.brand!.id;
  const northwindId = other.user.brand!.id;
  const code = await createCode(request, brand, { code: uniqueCode("LINES"), discount: 10, validUntil: new Date(Date.now() + 7 * DAY).toISOString() });

  // An order of €50 of Acme's products and €30 of Northwind's: Acme's view is €50 − €5 = €45.
  const eur = await request.post("/api/v1/discountcodeusage/", {
    headers: shopper.headers,
    data: {
      code: code.code,
      userId: shopper.user.id,
      cart: {
        currency: "EUR",
        lines: [
          { sku: "TEE", brandId: acmeId, unitAmount: 5000, quantity: 1 },
          { sku: "MUG", brandId: northwindId, unitAmount: 3000, quantity: 1 },
        ],
      },
    },
  });
  expect(eur.status(), await eur.text()).toBe(201);
  // And one in US dollars: $20 of Acme's products, $2 off.
  const usd = await request.post("/api/v1/discountcodeusage/", {
    headers: other.headers,
    data: { code: code.code, userId: other.user.id, cart: { currency: "USD", lines: [{ sku: "CAP", brandId: acmeId, unitAmount: 2000, quantity: 1 }] } },
  });
  expect(usd.status(), await usd.text()).toBe(201);

  await signIn(page, BRAND, undefined, `/dashboard/codes/${code.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(code.code);
  // Soft: one run names every defect of the page.
  const recent = page.getByRole("table").filter({ hasText: "shopper@example.com" });
  await expect.soft(recent.getByRole("columnheader", { name: "Acme Outfitters’ items" })).toBeVisible();
  const eurRow = recent.getByRole("row").filter({ hasText: "shopper@example.com" });
  await expect.soft(eurRow).toContainText("€50.00");
  await expect.soft(eurRow).toContainText("€5.00");
  await expect.soft(eurRow).toContainText("€45.00");
  await expect.soft(eurRow).not.toContainText("€80.00"); // the whole order, other brands' lines included
  await expect.soft(eurRow).not.toContainText("€75.00");
  // Totals: one figure per currency, never cents of two currencies added up (before: "US$7.00").
  await expect.soft(page.getByRole("definition").filter({ hasText: "€5.00 · US$2.00" })).toBeVisible();
  await expect.soft(page.getByText(/(€|US\$)7\.00/)).toHaveCount(0);
  await expect.soft(page.getByText(/(€|US\$)93\.00/)).toHaveCount(0); // €75 + $18 of whole orders

  // Landmarks: unique names on the whole page; every part of the page's own content in one. (The
  // dashboard's brand bar above <main> is the layout's, checked with the layout.)
  const axe = await new AxeBuilder({ page }).withRules(["landmark-unique"]).analyze();
  const axeMain = await new AxeBuilder({ page }).include("main").withRules(["landmark-unique", "region"]).analyze();
  const found = [...axe.violations, ...axeMain.violations].map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect.soft(found).toEqual([]);
  await saveScreens(page, testInfo(), "code-page-brand-lines", async () => expect(await sidewaysScroll(page)).toBe(0));

  // The overview's money is per currency too.
  await page.goto("/dashboard");
  await expect(page.getByText(/US\$2\.00/).first()).toBeVisible();
});

test("the brand's name takes a correct possessive", async ({ page }) => {
  await signIn(page, BRAND, undefined, "/dashboard/webhooks");
  await expect(page.getByText("Acme Outfitters’ codes")).toBeVisible();
  await expect(page.getByText("Acme Outfitters’s")).toHaveCount(0);
});

function testInfo() {
  return test.info();
}
