// The README's storefront example, run for real: an external frontend uses the typed client of
// clients/js (openapi-fetch on the types generated from the OpenAPI document) against the real
// route handlers over real HTTP — sign in for a token, look a code up, hold it for the cart, and
// place the order, which confirms the hold. What the API charges is what the checkout's preview
// (lib/cart/pricing, the domain's integer function) promised, to the cent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeIdOf, createDiscountsClient, idempotencyKey, retryAfterOf } from "../clients/js/src";
import { previewPricing } from "../lib/cart/pricing";
import type { Database } from "../lib/db";
import { testDatabases } from "./db";
import { uniqueCode } from "./discount-fixtures";
import { createUser, testDeps, type TestUser } from "./fixtures";
import { startTestServer, type TestServer } from "./http";

describe.each(testDatabases())("a storefront on the typed client ($name)", ({ open }) => {
  let database: Database;
  let server: TestServer;
  let brand: TestUser;
  let shopper: TestUser;

  beforeAll(async () => {
    database = await open();
    server = await startTestServer(testDeps(database));
    brand = await createUser(database.db, { role: "brand", brandName: "Acme Outfitters" });
    shopper = await createUser(database.db);
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  /** The brand's side: a 15 % code (created with the same client, as the brand's own tools would). */
  async function brandCreatesCode(): Promise<string> {
    const anon = createDiscountsClient({ baseUrl: server.url });
    const { data: session } = await anon.POST("/api/v1/auth/token", { body: { email: brand.email, password: brand.password } });
    const client = createDiscountsClient({ baseUrl: server.url, token: session!.token });
    const code = uniqueCode("SPRING");
    const { data, error } = await client.POST("/api/v1/discountcode", {
      body: { code, discount: 15, validUntil: new Date(Date.now() + 7 * 24 * 3600_000).toISOString() },
    });
    expect(error).toBeUndefined();
    return data!.code;
  }

  it("looks a code up, holds it for the cart and places the order (README)", async () => {
    const codeText = await brandCreatesCode();
    const baseUrl = server.url;

    // --- the README's example, as written there -------------------------------------------
    // 1. Sign the shopper in: an API token (a storefront on another origin sends no cookies).
    const anon = createDiscountsClient({ baseUrl });
    const { data: session, error: signInError } = await anon.POST("/api/v1/auth/token", {
      body: { email: shopper.email, password: shopper.password },
    });
    if (signInError) throw new Error(signInError.detail);
    const api = createDiscountsClient({ baseUrl, token: session.token });

    const cart = { currency: "EUR", lines: [{ sku: "ACME-SOCKS", brandId: brand.brand!.id, unitAmount: 333, quantity: 3 }] };

    // 2. Look the code up by its id (the SHA-256 of the code: the code stays out of URLs and logs).
    const { data: code, error: lookupError } = await api.GET("/api/v1/discountcode/{id}", {
      params: { path: { id: await codeIdOf(codeText) } },
    });
    if (lookupError) throw new Error(lookupError.detail); // e.g. 404 not_found
    expect(code).toMatchObject({ code: codeText, status: "active", discount: 15, usedByMe: false, brand: { name: "Acme Outfitters" } });

    // 3. Hold it for this cart: a reserved use, priced by the API, until the order confirms it.
    const { data: usage, error: holdError } = await api.POST("/api/v1/discountcodeusage", {
      params: { header: { "Idempotency-Key": idempotencyKey() } },
      body: { code: code.code, userId: session.user.id, cart, hold: true },
    });
    if (holdError) throw new Error(`${holdError.code}: ${holdError.detail}`); // already_used, expired, minimum_not_met…
    expect(usage).toMatchObject({ status: "reserved", code: codeText });
    expect(usage.expiresAt).not.toBeNull();

    // 4. Place the order with the held usage: the API confirms the use with the order, in one transaction.
    const { data: order, error: orderError } = await api.POST("/api/v1/orders", {
      body: { userId: session.user.id, cart, usageId: usage.id },
    });
    if (orderError) throw new Error(`${orderError.code}: ${orderError.detail}`); // hold_expired: hold it again
    // ----------------------------------------------------------------------------------------

    // 3 × €3.33 at 15 %: 999 × 15 / 100 = 149.85 → 150 cents (in floating-point euros it is 1.4985…).
    expect(usage.pricing).toEqual({ currency: "EUR", subtotal: 999, eligibleSubtotal: 999, discountAmount: 150, total: 849 });
    // The checkout's preview promised exactly that.
    expect(previewPricing(cart, { brandId: brand.brand!.id, rule: code.rule })).toEqual(usage.pricing);
    expect(order).toMatchObject({ usageId: usage.id, subtotal: 999, discountAmount: 150, total: 849, userId: shopper.id });

    // Confirmed by the order: the code reads as used, and a second hold is a typed problem.
    const again = await api.GET("/api/v1/discountcode/{id}", { params: { path: { id: code.id } } });
    expect(again.data?.usedByMe).toBe(true);
    const second = await api.POST("/api/v1/discountcodeusage", { body: { code: code.code, userId: session.user.id, cart, hold: true } });
    expect(second.response.status).toBe(409);
    expect(second.error).toMatchObject({ code: "already_used", status: 409 });
  });

  it("answers with typed problems: 401 without credentials, 429 with how long to wait", async () => {
    const anon = createDiscountsClient({ baseUrl: server.url });
    const denied = await anon.GET("/api/v1/discountcode/{id}", { params: { path: { id: "ANYCODE" } } });
    expect(denied.response.status).toBe(401);
    expect(denied.error).toMatchObject({ code: "unauthorized" });

    // A guesser (a fresh shopper asking for codes that do not exist) runs out of lookups.
    const guesser = await createUser(database.db);
    const { data: session } = await anon.POST("/api/v1/auth/token", { body: { email: guesser.email, password: guesser.password } });
    const api = createDiscountsClient({ baseUrl: server.url, token: session!.token });
    const guess = () => api.GET("/api/v1/discountcode/{id}", { params: { path: { id: uniqueCode("GUESS") } } });
    let last = await guess();
    for (let i = 0; i < 30 && last.response.status !== 429; i++) last = await guess();
    expect(last.response.status).toBe(429);
    expect(last.error).toMatchObject({ code: "rate_limited" });
    // The header (exposed to other origins by CORS) says how long; the problem body says it too.
    expect(retryAfterOf(last.response, last.error)).toBeGreaterThan(0);
    expect(retryAfterOf(last.response, last.error)).toBe(Number(last.response.headers.get("retry-after")));
  });
});
