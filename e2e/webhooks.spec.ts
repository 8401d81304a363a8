// The webhooks page as a brand admin uses it, against `npm start` (the embedded default, where
// WEBHOOKS_ALLOW_LOCALHOST=1): refused URLs explained, an endpoint added on a receiver running
// here (its secret shown once), a real signed delivery when a code is created, the attempt listed
// with its badge, and the endpoint deleted after a confirmation. axe-clean in every state.
import http from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { createCodeViaApi, signIn, uniqueCode } from "./web-helpers";

async function expectNoSeriousViolations(page: Page, label: string) {
  await page.evaluate(() => document.fonts.ready);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("\n    ")}`);
  expect.soft(report, `${label} (${page.url()})`).toEqual([]);
}

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

let receiver: http.Server;
let receiverUrl: string;
const received: Received[] = [];

test.beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});

test.afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise<void>((r) => receiver.close(() => r()));
});

test("a brand adds a webhook, receives a signed event, sees the delivery and deletes the endpoint", async ({ page, request }) => {
  const email = "brand2@example.com";
  await signIn(page, email, undefined, "/dashboard");
  await page.getByRole("link", { name: "Webhooks" }).click();
  await expect(page).toHaveURL(/\/dashboard\/webhooks$/);
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, "webhooks");

  // Nothing filled in: both problems shown at once.
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByText("Enter the URL to send events to.")).toBeVisible();
  await expect(page.getByText("Choose at least one event.")).toBeVisible();
  await expectNoSeriousViolations(page, "webhooks with errors");

  // A private address is refused, with the reason.
  await page.getByLabel("Endpoint URL").fill("https://10.0.0.7/hooks");
  await page.getByRole("checkbox", { name: /code\.created/ }).check();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByText(/must point to a public address \(this one is private\)/)).toBeVisible();

  await page.getByLabel("Endpoint URL").fill(receiverUrl);
  await page.getByRole("checkbox", { name: /code\.created/ }).check();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secretBox = page.getByTestId("new-webhook-secret");
  await expect(secretBox).toBeVisible();
  const secret = (await secretBox.textContent())!.trim();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  await expect(page.getByRole("button", { name: "Copy signing secret" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Webhook endpoints" })).toContainText(receiverUrl);
  await expectNoSeriousViolations(page, "webhooks with a new secret");

  // A code created over the API → code.created, delivered by the in-process worker, signed.
  const code = await createCodeViaApi(request, { email, code: uniqueCode("HOOK"), discount: 10 });
  await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThan(0);
  const got = received.find((r) => JSON.parse(r.body).data?.id === code.id)!;
  expect(got).toBeTruthy();
  const payload = new Webhook(secret).verify(got.body, {
    "webhook-id": String(got.headers["webhook-id"]),
    "webhook-timestamp": String(got.headers["webhook-timestamp"]),
    "webhook-signature": String(got.headers["webhook-signature"]),
  });
  expect(payload).toMatchObject({ type: "code.created", data: { id: code.id, code: code.code } });

  await page.reload();
  const deliveries = page.getByRole("region", { name: "Recent webhook deliveries" });
  await expect(deliveries).toContainText("code.created");
  await expect(deliveries).toContainText("Delivered");
  await expectNoSeriousViolations(page, "webhooks with a delivery");

  // Delete, after the confirmation.
  await page.getByRole("button", { name: `Delete endpoint ${receiverUrl}` }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this endpoint?" });
  await expect(dialog).toBeVisible();
  await expectNoSeriousViolations(page, "delete confirmation");
  await dialog.getByRole("button", { name: "Delete endpoint" }).click();
  await expect(page.getByText("Endpoint deleted")).toBeVisible();
  await expect(page.getByText("No endpoints yet")).toBeVisible();
});
