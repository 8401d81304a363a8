// Accounts in a real browser: sign up as a shopper, sign out, sign in again; the dashboard opens
// for a brand admin and is refused to a shopper; protected pages send people to sign-in and back.
import { expect, test, type Page } from "@playwright/test";

const DEMO_PASSWORD = "demo1234";

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("sign up as a shopper, sign out, sign in again", async ({ page }) => {
  const email = `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
  await page.goto("/sign-up");
  await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
  await page.getByLabel("A shopper").check();
  await page.getByLabel("Name").fill("Erin Endtoend");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  // Inline error, nothing lost but the password.
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.getByLabel("Password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/$/);

  await page.goto("/sign-out");
  await expect(page.getByText(`You are signed in as ${email}`)).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/sign-out");
  await expect(page.getByRole("heading", { name: "You are signed out" })).toBeVisible();

  await page.goto("/sign-in");
  await signIn(page, email, "wrong-password");
  await expect(page.getByRole("alert").filter({ hasText: "incorrect" })).toHaveText("The email or password is incorrect.");
  await signIn(page, email.toUpperCase(), "a-long-enough-password");
  await expect(page).toHaveURL(/\/$/);
  const session = await (await page.request.get("/api/auth/session")).json();
  expect(session.user).toMatchObject({ email, role: "shopper", name: "Erin Endtoend" });
});

test("signing up with a taken email says so next to the field", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Someone");
  await page.getByLabel("Email").fill("shopper@example.com");
  await page.getByLabel("Password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("An account with this email already exists.")).toBeVisible();
});

test("a brand admin is sent to sign in and then reaches the dashboard", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard$/);
  await signIn(page, "brand@example.com", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "This page is for brand accounts" })).toHaveCount(0);
});

test("a brand admin signing in without a destination lands on the dashboard", async ({ page }) => {
  await page.goto("/sign-in");
  await signIn(page, "brand2@example.com", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a shopper is refused the dashboard", async ({ page }) => {
  await page.goto("/sign-in");
  await signIn(page, "shopper@example.com", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  const res = await page.goto("/dashboard");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "This page is for brand accounts" })).toBeVisible();
  await expect(page.getByText("You are signed in as shopper@example.com")).toBeVisible();
});

test("checkout needs a signed-in user and comes back after sign-in", async ({ page }) => {
  const res = await page.request.get("/checkout", { maxRedirects: 0 });
  expect(res.status()).toBe(307);
  expect(res.headers()["location"]).toMatch(/\/sign-in\?callbackUrl=%2Fcheckout$/);
});

test("the API: tokens over real HTTP, with and without a trailing slash, never a redirect", async ({ request }) => {
  const issued = await request.post("/api/v1/auth/token/", { data: { email: "Brand@Example.com", password: DEMO_PASSWORD } });
  expect(issued.status()).toBe(201);
  const { token } = await issued.json();
  for (const path of ["/api/v1/auth/token", "/api/v1/auth/token/"]) {
    const res = await request.get(path, { headers: { authorization: `Bearer ${token}` }, maxRedirects: 0 });
    expect(res.status()).toBe(200);
    expect(res.headers()["x-request-id"]).toMatch(/^req_/);
    expect(await res.json()).toMatchObject({ active: true, user: { email: "brand@example.com", role: "brand" } });
  }
  expect((await request.delete("/api/v1/auth/token", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(204);
  const after = await request.get("/api/v1/auth/token", { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
  expect(after.headers()["content-type"]).toBe("application/problem+json");
  expect(await after.json()).toMatchObject({ active: false, code: "invalid_token" });

  const bad = await request.post("/api/v1/auth/register", { headers: { "content-type": "application/json" }, data: Buffer.from("{nope") });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ code: "invalid_json" });

  const preflight = await request.fetch("/api/v1/auth/token", {
    method: "OPTIONS",
    headers: { origin: "https://not-listed.example", "access-control-request-method": "GET" },
  });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()["access-control-allow-origin"]).toBeUndefined();
});
