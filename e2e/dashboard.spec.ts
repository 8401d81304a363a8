// The brand dashboard in a real browser: create a code (errors inline, from the API's own
// validation), see it listed with its live status, open its page, export CSV, manage API tokens.
import { expect, test } from "@playwright/test";
import { createCodeViaApi, saveScreenshot, signIn, uniqueCode } from "./web-helpers";

test("a new brand is told what to do first: confirm its email, then create codes", async ({ page, request }) => {
  const email = `e2e-brand-${Date.now()}@example.test`;
  const res = await request.post("/api/v1/auth/register", {
    data: { email, password: "a-long-enough-password", name: "Nora New", role: "brand", brandName: `Newcomer ${Date.now()}` },
  });
  expect(res.status()).toBe(201);
  await signIn(page, email, "a-long-enough-password", "/dashboard");
  await expect(page.getByRole("heading", { name: "Create your first discount code" })).toBeVisible();
  await expect(page.getByText(`We emailed a link to ${email}.`)).toBeVisible();
  await page.getByRole("link", { name: "New code" }).last().click();
  await expect(page).toHaveURL(/\/dashboard\/codes\/new$/);
  // Unverified: the page says why there is no form, and offers a new link.
  await expect(page.getByText("Confirm your email address to create codes")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create code" })).toHaveCount(0);
  await page.getByRole("button", { name: "Send a new link" }).click();
  await expect(page.getByRole("status").filter({ hasText: /a minute ago|on its way/ })).toBeVisible();

  // The link from the brand's own mailbox (read signed in, as its recipient): a click confirms it.
  let html = "";
  await expect
    .poll(async () => {
      const res = await page.request.get("/api/v1/dev/mailbox?limit=10");
      const mails = ((await res.json()) as { data: { subject: string; html: string }[] }).data;
      html = mails.find((m) => m.subject === "Confirm your email address")?.html ?? "";
      return html.length > 0;
    }, { timeout: 30_000 })
    .toBe(true);
  const link = new URL(/href="([^"]*\/verify-email\?token=[^"]+)"/.exec(html)![1]!.replaceAll("&amp;", "&"));
  await page.goto(link.pathname + link.search);
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your email address is confirmed" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the dashboard" }).click();
  await expect(page.getByText(`We emailed a link to ${email}.`)).toHaveCount(0);
  await page.goto("/dashboard/codes/new");
  await expect(page.getByRole("button", { name: "Create code" })).toBeVisible();
  await page.goto("/dashboard/tokens");
  await expect(page.getByRole("heading", { name: "No tokens yet" })).toBeVisible();
});

test.describe("brand dashboard", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "brand@example.com", undefined, "/dashboard");
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test("a brand creates a code and sees it listed", async ({ page }, testInfo) => {
    const code = uniqueCode("E2E");
    await expect(page.getByRole("heading", { level: 1, name: "Discount codes" })).toBeVisible();
    await page.getByRole("link", { name: "New code" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "New discount code" })).toBeVisible();

    // Refused first, inline, with the API's rule for codes; nothing typed is lost.
    await page.getByLabel("Code", { exact: true }).fill("no spaces!");
    await page.getByRole("button", { name: "20%" }).click();
    await page.getByRole("button", { name: "Create code" }).click();
    const codeInput = page.getByLabel("Code", { exact: true });
    await expect(codeInput).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Must be 3–32 characters of A–Z, 0–9, - and _.")).toBeVisible();
    await expect(page.getByText("Choose when the code ends.")).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "highlighted fields" })).toBeVisible();
    await expect(codeInput).toBeFocused();
    await expect(page.getByLabel("Percentage off")).toHaveValue("20");

    await codeInput.fill(code.toLowerCase());
    await page.getByRole("button", { name: "In 30 days" }).click();
    await page.getByRole("button", { name: "Create code" }).click();

    // `&announced=0` when earlier specs used up the brand's announcements for the day.
    await expect(page).toHaveURL(/\/dashboard\/codes\/[0-9a-f]{64}\?created=1(&announced=0)?$/);
    await expect(page.getByText(`${code} is ready.`)).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(code);
    await expect(page.getByText("Redemptions over time")).toBeVisible();

    await page.getByRole("link", { name: "Discount codes" }).first().click();
    const table = page.getByRole("region", { name: "Discount codes" });
    const row = table.getByRole("row").filter({ hasText: code });
    await expect(row).toBeVisible();
    await expect(row.getByText("Active")).toBeVisible();
    await expect(row.getByText("20% off")).toBeVisible();
    await expect(row.getByRole("button", { name: `Copy code ${code}` })).toBeVisible();

    // The same code again: the domain's code_taken, shown next to the field.
    await page.goto("/dashboard/codes/new");
    await page.getByLabel("Code", { exact: true }).fill(code);
    await page.getByLabel("Percentage off").fill("15");
    await page.getByRole("button", { name: "In 7 days" }).click();
    await page.getByRole("button", { name: "Create code" }).click();
    await expect(page.getByText("This code already exists.", { exact: false })).toBeVisible();

    await page.goto("/dashboard");
    await saveScreenshot(page, testInfo, "dashboard-desktop");
    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    await expect(page.getByRole("list", { name: "Discount codes" }).getByText(code)).toBeVisible();
    await saveScreenshot(page, testInfo, "dashboard-375");
  });

  test("a code's page shows its terms and exports its usages as CSV", async ({ page, request }, testInfo) => {
    await page.getByRole("link", { name: "WELCOME10", exact: true }).first().click();
    await expect(page).toHaveURL(/\/dashboard\/codes\/[0-9a-f]{64}$/);
    await expect(page.getByText("10% off every Acme Outfitters product")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Recent redemptions" })).toBeVisible();
    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    const csv = await page.request.get(href!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect((await csv.text()).split("\r\n")[0]).toBe("usage_id,used_at,shopper_email,shopper_name,currency,subtotal,eligible_subtotal,discount_amount,total,status,order_id");
    await saveScreenshot(page, testInfo, "code-page-desktop");

    // Another brand's real code is not there at all: its page and its CSV answer 404 as for a
    // code that does not exist, and say nothing of it.
    const theirs = await createCodeViaApi(request, { email: "brand2@example.com", code: uniqueCode("THEIRS"), discount: 15 });
    for (const path of [`/dashboard/codes/${theirs.id}`, `/dashboard/codes/${theirs.id}/usages.csv`]) {
      const other = await page.request.get(path);
      expect(other.status(), path).toBe(404);
      const body = await other.text();
      expect(body, path).not.toContain(theirs.code);
      expect(body, path).not.toContain("Northwind");
    }
    const shown = await page.goto(`/dashboard/codes/${theirs.id}`);
    expect(shown?.status()).toBe(404);
    await expect(page.getByText(theirs.code)).toHaveCount(0);
    // The API's per-code GET is a lookup for any signed-in user (API.md): it shows this brand the
    // same public view a shopper gets; ending the code early is its own brand's alone.
    const lookup = await page.request.get(`/api/v1/discountcode/${theirs.id}`);
    expect(lookup.status()).toBe(200);
    expect(await lookup.json()).toMatchObject({ id: theirs.id, code: theirs.code, brand: { name: "Northwind Supply" }, status: "active" });
    const deactivate = await page.request.post(`/api/v1/discountcode/${theirs.id}/deactivate`);
    expect(deactivate.status()).toBe(404);
    expect(await deactivate.text()).not.toContain(theirs.code);
  });

  test("API tokens: created and shown once, listed, revoked", async ({ page }) => {
    await page.getByRole("link", { name: "API tokens" }).click();
    const name = `E2E ${Date.now()}`;
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = page.getByTestId("new-token");
    await expect(secret).toHaveText(/^dsc_/);
    const token = (await secret.textContent())!;
    // The token works on the API…
    const me = await page.request.get("/api/v1/auth/token", { headers: { authorization: `Bearer ${token}` } });
    expect(me.status()).toBe(200);

    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row.getByText("Active")).toBeVisible();
    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Revoke “${name}”?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Revoke token" }).click();
    await expect(dialog).toBeHidden();
    await expect(row.getByText("Revoked")).toBeVisible();
    // …and not after it is revoked. Reloading never shows the secret again.
    const after = await page.request.get("/api/v1/auth/token", { headers: { authorization: `Bearer ${token}` } });
    expect(after.status()).toBe(401);
    await page.reload();
    await expect(page.getByText(token)).toHaveCount(0);
  });
});
