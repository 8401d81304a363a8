// Notifications on the embedded default (`npm start`, no Inngest, no Resend): creating a code over
// the API lands an announcement in every shopper's local mailbox, exactly once; redeeming it lands
// a notice in the brand's; the mailbox page renders them; one-click unsubscribe stops the next one.
// New accounts first confirm their address with the link the sign-up mailed them (read from their
// own mailbox): unverified brands cannot create codes and unverified shoppers are announced nothing.
import { expect, test, type APIRequestContext } from "@playwright/test";

const PASSWORD = "a-long-enough-password";

interface Mail {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  createdAt: string;
}

async function token(request: APIRequestContext, email: string, password: string): Promise<string> {
  const res = await request.post("/api/v1/auth/token", { data: { email, password } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

// The mailbox shows each caller only their own mail: read it as the recipient (one token each).
const tokens = new Map<string, string>();
async function mailbox(request: APIRequestContext, to: string, password = to === "shopper@example.com" ? "demo1234" : PASSWORD): Promise<Mail[]> {
  if (!tokens.has(to)) tokens.set(to, await token(request, to, password));
  const res = await request.get("/api/v1/dev/mailbox?limit=100", { headers: { authorization: `Bearer ${tokens.get(to)}` } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { data: Mail[] }).data;
}

const VERIFY_SUBJECT = "Confirm your email address";

/** Registers an account and confirms its address through the link in its own mailbox. */
async function registerVerified(request: APIRequestContext, data: Record<string, string>): Promise<{ id: string }> {
  const res = await request.post("/api/v1/auth/register", { data: { password: PASSWORD, ...data } });
  expect(res.status()).toBe(201);
  const { user } = (await res.json()) as { user: { id: string; emailVerified: boolean } };
  expect(user.emailVerified).toBe(false);
  let mail: Mail | undefined;
  await expect
    .poll(async () => (mail = (await mailbox(request, data.email!)).find((m) => m.subject === VERIFY_SUBJECT)), { timeout: 30_000 })
    .toBeTruthy();
  const link = new URL(/href="([^"]*\/verify-email\?token=[^"]+)"/.exec(mail!.html)![1]!.replaceAll("&amp;", "&"));
  const verified = await request.post("/api/v1/auth/verify-email", { data: { token: link.searchParams.get("token") } });
  expect(verified.status()).toBe(200);
  expect(((await verified.json()) as { user: { emailVerified: boolean } }).user.emailVerified).toBe(true);
  return user;
}

/** Mail other than the verification link. */
const notices = (mails: Mail[]) => mails.filter((m) => m.subject !== VERIFY_SUBJECT);

/** A new brand of its own (verified), so the demo brands' data stays as other specs expect it. */
async function newBrand(request: APIRequestContext): Promise<{ name: string; email: string; token: string }> {
  const name = `Mailtest ${unique()}`;
  const email = `brand-${unique().toLowerCase()}@example.test`;
  await registerVerified(request, { email, name: "Bea Brand", role: "brand", brandName: name });
  return { name, email, token: await token(request, email, PASSWORD) };
}

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toUpperCase();

async function createCode(request: APIRequestContext, brandToken: string, code: string, discount: number) {
  const res = await request.post("/api/v1/discountcode/", {
    headers: { authorization: `Bearer ${brandToken}` },
    data: { code, discount, validUntil: new Date(Date.now() + 14 * 24 * 3600_000).toISOString() },
  });
  expect(res.status()).toBe(201);
}

/**
 * Waits until the app's outbox worker has run every job enqueued so far, by one more: it runs
 * events in order, so once the announcement of a code created now has reached shopper@example.com,
 * every earlier job has finished (and sent all it was going to). Costs one of the brand's three
 * announcements a day.
 */
async function workerCaughtUp(request: APIRequestContext, brandToken: string) {
  const code = `SYNC${unique()}`.slice(0, 32);
  await createCode(request, brandToken, code, 5);
  await expect
    .poll(async () => (await mailbox(request, "shopper@example.com")).filter((m) => m.subject.endsWith(code)).length, { timeout: 30_000 })
    .toBe(1);
}

test("a new code reaches every shopper's mailbox once; its use reaches the brand's once", async ({ request, page }) => {
  const email = `mail-e2e-${unique().toLowerCase()}@example.test`;
  const shopperId = (await registerVerified(request, { email, name: "Morgan Mailer", role: "shopper" })).id;
  const brand = await newBrand(request);

  const code = `MAIL${unique()}`.slice(0, 32);
  await createCode(request, brand.token, code, 20);

  const subject = `${brand.name}: 20% off with code ${code}`;
  for (const to of [email, "shopper@example.com"]) {
    await expect.poll(async () => (await mailbox(request, to)).filter((m) => m.subject === subject).length, { timeout: 30_000 }).toBe(1);
  }
  const [announcement] = (await mailbox(request, email)).filter((m) => m.subject === subject);
  expect(announcement!.text).toContain(code);
  expect(announcement!.text).toContain(`20% off every ${brand.name} product`);
  expect(announcement!.html).toContain("/shop");

  const redeemed = await request.post("/api/v1/discountcodeusage/", {
    headers: { authorization: `Bearer ${await token(request, email, PASSWORD)}` },
    data: { code, userId: shopperId, amount: 5000, currency: "USD" },
  });
  expect(redeemed.status()).toBe(201);
  const noticeSubject = `Code ${code} was used by Morgan Mailer`;
  await expect
    .poll(async () => (await mailbox(request, brand.email)).filter((m) => m.subject === noticeSubject).length, { timeout: 30_000 })
    .toBe(1);
  const [notice] = (await mailbox(request, brand.email)).filter((m) => m.subject === noticeSubject);
  expect(notice!.text).toContain(email);
  expect(notice!.text).toContain("−US$10.00");

  // Anonymous callers get nothing; the page (signed in) shows it, rendered.
  expect((await request.get("/api/v1/dev/mailbox", { headers: { authorization: "" } })).status()).toBe(401);
  await page.goto("/dev/mailbox");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdev%2Fmailbox/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dev\/mailbox/);
  await expect(page.getByRole("heading", { level: 1, name: "Local mailbox" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: subject })).toBeVisible();
  await expect(page.frameLocator(`iframe[title="Email: ${subject}"]`).getByText(code, { exact: true })).toBeVisible();

  // Still exactly once each, after the worker has run everything that came before.
  await workerCaughtUp(request, brand.token);
  expect((await mailbox(request, email)).filter((m) => m.subject === subject)).toHaveLength(1);
  expect((await mailbox(request, brand.email)).filter((m) => m.subject === noticeSubject)).toHaveLength(1);
});

test("the unsubscribe link asks for one click, and the next code is not announced to them", async ({ request, page }) => {
  const email = `unsub-e2e-${unique().toLowerCase()}@example.test`;
  await registerVerified(request, { email, name: "Uma Unsub", role: "shopper" });
  const brand = await newBrand(request);
  const brandToken = brand.token;
  const first = `UNSUBA${unique()}`.slice(0, 32);
  await createCode(request, brandToken, first, 10);
  await expect.poll(async () => notices(await mailbox(request, email)).length, { timeout: 30_000 }).toBe(1);
  const [mail] = notices(await mailbox(request, email));
  // Two links: this brand's announcements (`<user>.<brand>.<sig>`) and all of them (`<user>.<sig>`).
  const links = [...mail!.html.matchAll(/href="([^"]*\/api\/v1\/notifications\/unsubscribe\?token=[^"]+)"/g)].map((m) => new URL(m[1]!.replaceAll("&amp;", "&")));
  const scopeOf = (u: URL) => u.searchParams.get("token")!.split(".").length;
  const brandLink = links.find((u) => scopeOf(u) === 3)!;
  const link = links.find((u) => scopeOf(u) === 2)!;
  expect(brandLink).toBeTruthy();
  expect(mail!.text).toContain(`Stop emails from ${brand.name}`);
  const path = link.pathname + link.search;

  // The per-brand link names the brand and asks for its own click.
  await page.goto(brandLink.pathname + brandLink.search);
  await expect(page.getByText(`Stop sending emails about new codes from ${brand.name} to ${email}?`)).toBeVisible();

  // A link checker's GET changes nothing; the person confirms on the page.
  await page.goto(path);
  await expect(page).toHaveURL(/\/notifications\/unsubscribe\?token=/);
  await expect(page.getByText(`Stop sending emails about new discount codes to ${email}?`)).toBeVisible();
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("status").filter({ hasText: "You are unsubscribed" })).toContainText(
    `${email} will no longer get emails about new discount codes`,
  );

  // A mail client's RFC 8058 one-click POST to the same link works too (and is idempotent).
  const oneClick = await request.post(path, { form: { "List-Unsubscribe": "One-Click" } });
  expect(oneClick.status()).toBe(200);

  const second = `UNSUBB${unique()}`.slice(0, 32);
  await createCode(request, brandToken, second, 12);
  await expect
    .poll(async () => (await mailbox(request, "shopper@example.com")).filter((m) => m.subject.endsWith(second)).length, { timeout: 30_000 })
    .toBe(1);
  await workerCaughtUp(request, brandToken); // the announcement of `second` has gone to everyone it was going to
  expect(notices(await mailbox(request, email))).toHaveLength(1);
});
