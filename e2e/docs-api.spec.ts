import { expect, test, type Page } from "@playwright/test";
import { apiToken, saveScreens, signIn, sidewaysScroll } from "./web-helpers";

// /docs/api: the API reference (Scalar), bundled with the app. The browser here has no internet,
// and nothing may be fetched from anywhere but the app: every test records the page's requests.

test.describe.configure({ timeout: 120_000 });

/** Records every request that leaves the app's origin, and console errors. */
function watchPage(page: Page) {
  const external: string[] = [];
  const consoleErrors: string[] = [];
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.protocol.startsWith("http") && url.hostname !== "127.0.0.1") external.push(req.url());
  });
  page.on("console", (m) => {
    if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico")) consoleErrors.push(m.text());
  });
  return { external, consoleErrors };
}

/** Relative luminance (0 black … 1 white) of the colour an element is painted on: its own
 * background, else the first ancestor's that is not transparent. Any CSS colour (oklab,
 * color-mix…) is read back through a canvas pixel. */
async function paintedLuminance(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    let el: Element | null = document.querySelector(sel);
    if (!el) throw new Error(`no ${sel}`);
    let colour = "rgb(255, 255, 255)";
    for (; el; el = el.parentElement) {
      const bg = getComputedStyle(el).backgroundColor;
      if (bg !== "transparent" && bg !== "rgba(0, 0, 0, 0)") {
        colour = bg;
        break;
      }
    }
    const ctx = document.createElement("canvas").getContext("2d")!;
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b] = Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3), (v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  }, selector);
}

/** Scalar's <main>, the page's only one. */
const reference = (page: Page) => page.getByRole("main", { name: /Discounts API/ });

/** The reference has rendered the document (its title is on the page). Scalar builds it in the
 * browser: seconds on a busy machine. */
async function waitForReference(page: Page) {
  await expect(reference(page).getByRole("heading", { name: /Discounts API/ }).first()).toBeVisible({ timeout: 45_000 });
}

/** One operation of the reference, by method and path (Scalar writes DELETE as DEL). */
function operation(page: Page, method: string, path: string) {
  const label = method.toUpperCase() === "DELETE" ? "DEL" : method.toUpperCase();
  return reference(page)
    .locator(".reference-endpoint")
    .filter({ has: page.locator(".endpoint-label-path", { hasText: new RegExp(`^${path.replace(/[{}/.]/g, "\\$&")}$`) }) })
    .filter({ has: page.locator(".endpoint-type", { hasText: new RegExp(`^\\s*${label}\\s*$`) }) });
}

/** Unfolds an operation. Its heading row is one big button under the row's own (copy) buttons:
 * click its left edge, where nothing covers it. */
async function unfold(page: Page, op: ReturnType<typeof operation>) {
  await op.scrollIntoViewIfNeeded();
  const toggle = op.locator(".section-accordion-button").first();
  await toggle.click({ position: { x: 4, y: 4 } });
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
}

test("the API reference renders every operation of /api/v1/openapi.json, from the app alone", async ({ page, request }) => {
  const watched = watchPage(page);
  const doc = (await (await request.get("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((m) => ["get", "put", "post", "delete", "patch"].includes(m))
      .map((method) => ({ method, path })),
  );
  expect(operations.length).toBeGreaterThan(30);

  await page.goto("/docs/api");
  await waitForReference(page);
  // Scalar renders sections as they near the viewport: scroll through the whole reference.
  const rendered = reference(page).locator(".reference-endpoint");
  await expect
    .poll(
      async () => {
        await page.mouse.wheel(0, 1200);
        return rendered.count();
      },
      { timeout: 30_000, intervals: [150] },
    )
    .toBe(operations.length);
  for (const { method, path } of operations) await expect(operation(page, method, path), `${method.toUpperCase()} ${path}`).toHaveCount(1);

  // An operation opens with its request schema and its responses: the redemption.
  const redeem = operation(page, "post", "/api/v1/discountcodeusage");
  await unfold(page, redeem);
  await expect(redeem.getByText("Idempotency-Key").first()).toBeVisible();
  await expect(redeem.getByText("409", { exact: true }).first()).toBeVisible();

  // Problem types link to the error table.
  await page.goto("/docs/api#error-already_used");
  await expect(page.locator("#error-already_used")).toContainText("409");

  expect(watched.external, "no request leaves the app").toEqual([]);
  expect(watched.consoleErrors).toEqual([]);
});

/** Opens an operation's "Test Request" client, sends it, and returns what went out and came back. */
async function tryIt(page: Page, o: { method: string; path: string; token?: string }) {
  const op = operation(page, o.method, o.path);
  await unfold(page, op);
  await op.getByRole("button", { name: /Test Request/ }).click();
  const client = page.getByRole("dialog");
  await expect(client).toBeVisible();
  // The bearer scheme is preselected (the reference's configuration); its token field is empty.
  await expect(client.getByText("Selected Auth Type: bearerAuth")).toBeVisible();
  if (o.token) await client.getByPlaceholder("Token").fill(o.token);
  const [sent] = await Promise.all([
    page.waitForRequest((r) => new URL(r.url()).pathname === o.path && r.method() === o.method.toUpperCase()),
    client.getByRole("button", { name: /^Send .* request/ }).click(),
  ]);
  const answer = await sent.response();
  return { client, sent, answer };
}

test("try it with a pasted bearer token: the token introspects", async ({ page, request }) => {
  const watched = watchPage(page);
  const { token } = await apiToken(request, "brand@example.com");
  await page.goto("/docs/api");
  await waitForReference(page);
  const { client, sent, answer } = await tryIt(page, { method: "get", path: "/api/v1/auth/token", token });
  expect(await sent.headerValue("authorization")).toBe(`Bearer ${token}`);
  expect(answer?.status()).toBe(200);
  await expect(client.getByText("200 OK")).toBeVisible();
  await expect(client.getByText('"brand@example.com"').first()).toBeVisible();
  expect(watched.external).toEqual([]);
});

test("try it with the session: a signed-in brand lists its codes without a token", async ({ page }) => {
  const watched = watchPage(page);
  await signIn(page, "brand@example.com");
  await page.goto("/docs/api");
  await waitForReference(page);
  const { client, sent, answer } = await tryIt(page, { method: "get", path: "/api/v1/discountcode" });
  expect(await sent.headerValue("authorization")).toBeNull();
  expect(await sent.headerValue("cookie")).toContain("authjs.session-token=");
  expect(answer?.status()).toBe(200);
  const body = (await answer!.json()) as { data: { brand: { name: string } }[] };
  expect(body.data.length).toBeGreaterThan(0);
  await expect(client.getByText("200 OK")).toBeVisible();
  await expect(client.getByText(`"${body.data[0]!.brand.name}"`).first()).toBeVisible();
  expect(watched.external).toEqual([]);
});

// Defect 3: Swagger UI's CSS kept the whole page light in dark mode, header and footer too.
test("/docs/api follows the site's colour scheme, its header and footer too, and fits 375 px", async ({ page }, testInfo) => {
  const scripts: { url: string; bytes: Promise<number> }[] = [];
  page.on("requestfinished", (req) => {
    if (req.resourceType() === "script") scripts.push({ url: req.url(), bytes: req.sizes().then((s) => s.responseBodySize) });
  });
  await page.goto("/docs/api");
  await waitForReference(page);
  await page.waitForLoadState("networkidle");
  // What the page transfers in JavaScript (compressed as served), for the report.
  const sizes = await Promise.all(scripts.map(async (s) => `${await s.bytes}\t${s.url}`));
  const total = (await Promise.all(scripts.map((s) => s.bytes))).reduce((a, b) => a + b, 0);
  await testInfo.attach("docs-api-js.txt", { body: `${total} bytes of JavaScript in ${scripts.length} files\n${sizes.join("\n")}\n`, contentType: "text/plain" });

  const seen: Record<string, { header: number; footer: number; reference: number }> = {};
  await saveScreens(page, testInfo, "docs-api", async (screen) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await sidewaysScroll(page), `${screen.label}: the page scrolls sideways`).toBe(0);
    seen[screen.label] = {
      header: await paintedLuminance(page, "body > header, header"),
      footer: await paintedLuminance(page, "footer"),
      reference: await paintedLuminance(page, "main .reference-endpoint"),
    };
  });
  for (const width of ["375", "desktop"]) {
    const light = seen[`${width}-light`]!;
    const dark = seen[`${width}-dark`]!;
    for (const part of ["header", "footer", "reference"] as const) {
      expect(light[part], `${width}: the ${part} is light in light mode`).toBeGreaterThan(0.7);
      expect(dark[part], `${width}: the ${part} is dark in dark mode`).toBeLessThan(0.1);
    }
  }
});
