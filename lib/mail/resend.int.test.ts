// The Resend adapter against a local server speaking Resend's API (test/resend-server.ts):
// what goes over the wire, and how it behaves when Resend rate-limits or fails.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startResendServer, type ResendServer } from "../../test/resend-server";
import { mailerFromEnv } from ".";
import { createResendMailer } from "./resend";
import { MailDeliveryError, type MailMessage } from "./types";

const from = "Acme via Discounts <no-reply@discounts.test>";
let server: ResendServer;
const sleeps: number[] = [];
const mailer = () =>
  createResendMailer({
    apiKey: server.apiKey,
    baseUrl: server.url,
    from,
    maxAttempts: 4,
    baseDelayMs: 5,
    maxDelayMs: 50,
    sleep: async (ms) => void sleeps.push(ms),
  });

const msg = (i: number): MailMessage => ({
  to: `s${i}@example.test`,
  subject: `Code for ${i}`,
  html: `<p>${i}</p>`,
  text: `${i}`,
  headers: { "List-Unsubscribe": `<https://x.test/u?t=${i}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
});

beforeAll(async () => {
  server = await startResendServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  sleeps.length = 0;
});

describe("Resend adapter", () => {
  it("sends a single email to POST /emails with the key, sender and headers", async () => {
    const { id } = await mailer().send(msg(1), { idempotencyKey: "k-single" });
    expect(id).toMatch(/^re_/);
    expect(server.requests).toEqual([expect.objectContaining({ path: "/emails", idempotencyKey: "k-single", status: 200 })]);
    expect(server.emails[0]).toMatchObject({ from, to: ["s1@example.test"], subject: "Code for 1", text: "1" });
    expect(server.emails[0]!.headers["List-Unsubscribe"]).toBe("<https://x.test/u?t=1>");
  });

  it("sends a batch as one POST /emails/batch", async () => {
    const { ids } = await mailer().sendBatch([1, 2, 3].map(msg), { idempotencyKey: "k-batch" });
    expect(ids).toEqual(server.emails.map((e) => e.id));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ path: "/emails/batch", count: 3, idempotencyKey: "k-batch" });
  });

  it("waits as a 429 asks (Retry-After) and retries with the same key", async () => {
    server.failNext(2, { status: 429, retryAfter: 0.02 });
    const { ids } = await mailer().sendBatch([1, 2].map(msg), { idempotencyKey: "k-429" });
    expect(ids).toHaveLength(2);
    expect(server.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(new Set(server.requests.map((r) => r.idempotencyKey))).toEqual(new Set(["k-429"]));
    expect(sleeps).toEqual([20, 20]);
    expect(server.emails).toHaveLength(2);
  });

  it("retries a 5xx with exponential back-off", async () => {
    server.failNext(1, { status: 500 });
    server.failNext(1, { status: 503 });
    await mailer().send(msg(1), { idempotencyKey: "k-5xx" });
    expect(server.requests.map((r) => r.status)).toEqual([500, 503, 200]);
    expect(sleeps).toEqual([5, 10]);
    expect(server.emails).toHaveLength(1);
  });

  it("never double-sends when Resend accepted a batch but answered 500", async () => {
    server.failNext(1, { status: 500, afterAccepting: true });
    const { ids } = await mailer().sendBatch([1, 2, 3].map(msg), { idempotencyKey: "k-accepted" });
    expect(server.requests.map((r) => [r.status, r.replayed])).toEqual([
      [500, false],
      [200, true],
    ]);
    expect(server.emails).toHaveLength(3);
    expect(ids).toEqual(server.emails.map((e) => e.id));
    expect([...server.countsByRecipient().values()]).toEqual([1, 1, 1]);
  });

  it("gives up after its attempts with a retryable error, so the job retries later", async () => {
    server.failNext(4, { status: 502 });
    const err = await mailer()
      .sendBatch([1, 2].map(msg), { idempotencyKey: "k-down" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailDeliveryError);
    expect(err).toMatchObject({ status: 502, retryable: true });
    expect(server.requests).toHaveLength(4);
    expect(server.emails).toHaveLength(0);
  });

  it("does not retry what Resend refuses for good (validation, auth)", async () => {
    const bad = await mailer()
      .send({ ...msg(1), subject: "" }, { idempotencyKey: "k-invalid" })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ name: "MailDeliveryError", status: 422, retryable: false, providerCode: "validation_error" });
    const wrongKey = createResendMailer({ apiKey: "re_wrong", baseUrl: server.url, from, sleep: async () => {} });
    const denied = await wrongKey.send(msg(1), { idempotencyKey: "k-auth" }).catch((e: unknown) => e);
    expect(denied).toMatchObject({ status: 403, retryable: false });
    expect(server.requests.map((r) => r.status)).toEqual([422, 403]);
  });

  it("treats an unreachable server as retryable", async () => {
    const nowhere = createResendMailer({ apiKey: "re_x", baseUrl: "http://127.0.0.1:9", from, maxAttempts: 2, sleep: async () => {} });
    await expect(nowhere.send(msg(1), { idempotencyKey: "k-net" })).rejects.toMatchObject({ status: null, retryable: true });
  });

  it("is what mailerFromEnv builds when RESEND_API_KEY is set (RESEND_BASE_URL points it here)", async () => {
    const m = mailerFromEnv(
      { RESEND_API_KEY: server.apiKey, RESEND_BASE_URL: server.url, EMAIL_FROM: from, NODE_ENV: "test" },
      null as never,
    );
    expect(m.kind).toBe("resend");
    await m.send(msg(9), { idempotencyKey: "k-env" });
    expect(server.emails[0]!.to).toEqual(["s9@example.test"]);
  });
});
