// Webhook delivery end to end on every database: a real receiver on 127.0.0.1 (node:http) that
// fails the first attempt and accepts the second; signatures checked with standardwebhooks' own
// verify; the retry schedule under a controllable clock; fan-out idempotency; brand isolation;
// timeouts, DNS rebinding at delivery time, and the lease.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import type { Database, Db } from "@/lib/db";
import { usageRecords, webhookDeliveries, webhookMessages } from "@/lib/db/schema";
import type { OutboxEventRef } from "@/lib/jobs";
import { insertCode, quickShoppers } from "@/test/discount-fixtures";
import { testDatabases } from "@/test/db";
import { createUser, type TestUser } from "@/test/fixtures";
import { createWebhookEndpoint, deliverDueWebhooks, fanOutWebhooks, listWebhookDeliveries, startWebhookRetryLoop, webhookEventId, type WebhookPorts } from ".";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver that answers each request with the next status of `statuses` (then the last one). */
async function startReceiver(statuses: number[] | "hang") {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      if (statuses === "hang") return; // never answers
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "nope");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const headersOf = (r: Received) => ({
  "webhook-id": String(r.headers["webhook-id"]),
  "webhook-timestamp": String(r.headers["webhook-timestamp"]),
  "webhook-signature": String(r.headers["webhook-signature"]),
});

let seq = 0;
const outboxId = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, "0")}`;

describe.each(testDatabases())("webhooks on $name", ({ open }) => {
  let database: Database;
  let db: Db;
  let brand: TestUser;
  let other: TestUser;
  const clock = fixedClock(Date.now());
  const ports = (): WebhookPorts => ({ db, clock, allowLocalhost: true });
  const receivers: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    database = await open();
    db = database.db;
  });
  // Fresh brands for each test: their endpoints are theirs alone.
  beforeEach(async () => {
    brand = await createUser(db, { role: "brand", brandName: "Hook Brand" });
    other = await createUser(db, { role: "brand", brandName: "Other Brand" });
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(async () => {
    await database?.close();
  });

  async function receiver(statuses: number[] | "hang") {
    const r = await startReceiver(statuses);
    receivers.push(r);
    return r;
  }

  async function endpoint(owner: TestUser, url: string, events: string[] = ["usage.confirmed", "code.created"]) {
    return createWebhookEndpoint(db, {
      brandId: owner.brand!.id,
      body: { url, events: events as never },
      now: clock(),
      allowLocalhost: true,
      resolve: async () => [{ address: "127.0.0.1", family: 4 }],
    });
  }

  /** A confirmed, priced usage of a fresh code of `owner`, and its outbox event. */
  async function redeemed(owner: TestUser): Promise<OutboxEventRef<"discount/code.redeemed">> {
    const code = await insertCode(db, { brandId: owner.brand!.id, percent: 15, validFrom: new Date(clock().getTime() - 3600_000), validUntil: new Date(clock().getTime() + 86400_000) });
    const [shopper] = await quickShoppers(db, 1);
    const usageId = `use_${outboxId().slice(-12)}${seq}`;
    await db.insert(usageRecords).values({
      id: usageId,
      codeId: code.id,
      userId: shopper!.id,
      brandId: owner.brand!.id,
      percent: 15,
      status: "confirmed",
      confirmedAt: clock(),
      orderId: "ord_123",
      currency: "EUR",
      subtotal: 10_000,
      eligibleSubtotal: 10_000,
      discountAmount: 1_500,
      total: 8_500,
      usedAt: clock(),
    });
    return { name: "discount/code.redeemed", eventId: outboxId(), payload: { usageId, codeId: code.id, brandId: owner.brand!.id, userId: shopper!.id } };
  }

  it("fails the first attempt, retries after ~10 s with the same webhook-id and body, both signed", async () => {
    const r = await receiver([500, 204]);
    const ep = await endpoint(brand, r.url);
    const event = await redeemed(brand);

    const first = await fanOutWebhooks(ports(), event);
    expect(first).toEqual({ messages: 1, attempted: 1, succeeded: 0 });
    expect(r.received).toHaveLength(1);
    const [message] = await db.select().from(webhookMessages).where(eq(webhookMessages.endpointId, ep.id));
    expect(message).toMatchObject({ status: "pending", attempts: 1, lockedUntil: null });
    expect(message!.nextAttemptAt!.getTime() - clock().getTime()).toBe(10_000);

    clock.advance(5_000);
    expect(await deliverDueWebhooks(ports())).toEqual({ attempted: 0, succeeded: 0 });
    clock.advance(5_000);
    expect(await deliverDueWebhooks(ports())).toEqual({ attempted: 1, succeeded: 1 });

    expect(r.received).toHaveLength(2);
    const [a, b] = r.received as [Received, Received];
    expect(b.headers["webhook-id"]).toBe(a.headers["webhook-id"]);
    expect(a.headers["webhook-id"]).toBe(message!.id);
    expect(b.body).toBe(a.body);
    expect(Number(b.headers["webhook-timestamp"]) - Number(a.headers["webhook-timestamp"])).toBe(10);
    expect(a.headers["content-type"]).toBe("application/json");
    expect(a.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const wh = new Webhook(ep.secret);
    for (const got of [a, b]) expect(() => wh.verify(got.body, headersOf(got))).not.toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`).verify(a.body, headersOf(a))).toThrow();

    const body = JSON.parse(a.body);
    expect(body).toEqual({
      id: webhookEventId(event.eventId),
      type: "usage.confirmed",
      createdAt: expect.any(String),
      data: expect.objectContaining({
        id: event.payload.usageId,
        codeId: event.payload.codeId,
        code: expect.any(String),
        userId: event.payload.userId,
        status: "confirmed",
        orderId: "ord_123",
        usedAt: expect.any(String),
        pricing: { currency: "EUR", subtotal: 10_000, eligibleSubtotal: 10_000, discountAmount: 1_500, total: 8_500 },
      }),
    });

    const attempts = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.messageId, message!.id));
    expect(attempts.map((d) => [d.attempt, d.status, d.responseStatus]).sort()).toEqual([
      [1, "pending", 500],
      [2, "succeeded", 204],
    ]);
    const listed = await listWebhookDeliveries(db, { brandId: brand.brand!.id, id: ep.id });
    expect(listed.map((d) => [d.attempt, d.status, d.responseStatus, d.eventId, d.type])).toEqual([
      [2, "succeeded", 204, body.id, "usage.confirmed"],
      [1, "pending", 500, body.id, "usage.confirmed"],
    ]);
    const [done] = await db.select().from(webhookMessages).where(eq(webhookMessages.id, message!.id));
    expect(done).toMatchObject({ status: "succeeded", attempts: 2, nextAttemptAt: null });

    // A re-run of the job (a retry, a re-drive `:r1`) sends nothing again.
    expect(await fanOutWebhooks(ports(), event)).toEqual({ messages: 0, attempted: 0, succeeded: 0 });
    expect(await fanOutWebhooks(ports(), { ...event, eventId: `${event.eventId}:r1` })).toEqual({ messages: 0, attempted: 0, succeeded: 0 });
    expect(r.received).toHaveLength(2);
  });

  it("retries on the schedule — 10 s, 1 min, 5 min, 30 min, 2 h, then 6-hourly — and fails after 24 h", async () => {
    const r = await receiver([503]);
    const ep = await endpoint(brand, r.url, ["code.created"]);
    const code = await insertCode(db, { brandId: brand.brand!.id, validFrom: clock(), validUntil: new Date(clock().getTime() + 86400_000) });
    const start = clock().getTime();
    await fanOutWebhooks(ports(), { name: "discount/code.created", eventId: outboxId(), payload: { codeId: code.id, brandId: brand.brand!.id } });
    const gaps: number[] = [];
    for (let i = 0; i < 20; i++) {
      const [m] = await db.select().from(webhookMessages).where(eq(webhookMessages.endpointId, ep.id));
      if (m!.status !== "pending") break;
      gaps.push((m!.nextAttemptAt!.getTime() - clock().getTime()) / 1000);
      clock.set(m!.nextAttemptAt!);
      expect((await deliverDueWebhooks(ports())).attempted).toBe(1);
    }
    expect(gaps).toEqual([10, 60, 300, 1800, 7200, 21600, 21600, 21600]);
    const [m] = await db.select().from(webhookMessages).where(eq(webhookMessages.endpointId, ep.id));
    expect(m).toMatchObject({ status: "failed", attempts: 9, nextAttemptAt: null });
    expect(clock().getTime() - start).toBeLessThanOrEqual(24 * 3600_000);
    expect(r.received).toHaveLength(9);
    expect(new Set(r.received.map((x) => x.headers["webhook-id"])).size).toBe(1);
    expect(new Set(r.received.map((x) => x.body)).size).toBe(1);
    const attempts = await listWebhookDeliveries(db, { brandId: brand.brand!.id, id: ep.id });
    expect(attempts[0]).toMatchObject({ attempt: 9, status: "failed", responseStatus: 503 });
    clock.set(Date.now());
  });

  it("an endpoint gets only its own brand's events, and only the types it subscribed to", async () => {
    const mine = await receiver([200]);
    const theirs = await receiver([200]);
    const codesOnly = await receiver([200]);
    await endpoint(brand, mine.url, ["usage.confirmed"]);
    await endpoint(other, theirs.url, ["usage.confirmed", "code.created"]);
    await endpoint(brand, codesOnly.url, ["code.created"]);
    const event = await redeemed(brand);
    // The payload's brand is not trusted: the usage's own brand decides.
    const result = await fanOutWebhooks(ports(), { ...event, payload: { ...event.payload, brandId: other.brand!.id } });
    expect(result).toMatchObject({ messages: 1, succeeded: 1 });
    expect(mine.received).toHaveLength(1);
    expect(theirs.received).toHaveLength(0);
    expect(codesOnly.received).toHaveLength(0);
  });

  it("fan-out run twice (even at once) creates one message per endpoint and sends each once", async () => {
    const r1 = await receiver([200]);
    const r2 = await receiver([200]);
    const e1 = await endpoint(brand, r1.url, ["usage.confirmed"]);
    const e2 = await endpoint(brand, r2.url, ["usage.confirmed"]);
    const event = await redeemed(brand);
    const runs = await Promise.all([fanOutWebhooks(ports(), event), fanOutWebhooks(ports(), event)]);
    expect(runs.reduce((n, x) => n + x.messages, 0)).toBe(2);
    expect(runs.reduce((n, x) => n + x.attempted, 0)).toBe(2);
    await fanOutWebhooks(ports(), event);
    expect(r1.received).toHaveLength(1);
    expect(r2.received).toHaveLength(1);
    for (const ep of [e1, e2]) expect(await db.select().from(webhookMessages).where(eq(webhookMessages.endpointId, ep.id))).toHaveLength(1);
  });

  it("a receiver that does not answer in time is a failed attempt (no status), retried later", async () => {
    const r = await receiver("hang");
    const ep = await endpoint(brand, r.url, ["usage.confirmed"]);
    const result = await fanOutWebhooks({ ...ports(), webhookTimeoutMs: 300 }, await redeemed(brand));
    expect(result).toMatchObject({ attempted: 1, succeeded: 0 });
    const [d] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, ep.id));
    expect(d).toMatchObject({ attempt: 1, status: "pending", responseStatus: null, error: "timeout after 300 ms" });
  });

  it("checks the address again at delivery: a name that now resolves to a private address is not connected to", async () => {
    const r = await receiver([200]);
    const port = new URL(r.url).port;
    const ep = await createWebhookEndpoint(db, {
      brandId: brand.brand!.id,
      body: { url: `https://hooks.rebind.test:${port}/hook`, events: ["usage.confirmed"] },
      now: clock(),
      allowLocalhost: false,
      resolve: async () => [{ address: "93.184.215.14", family: 4 }],
    });
    const result = await fanOutWebhooks(
      { db, clock, allowLocalhost: true, resolveHost: async () => [{ address: "127.0.0.1", family: 4 }] },
      await redeemed(brand),
    );
    expect(result).toMatchObject({ attempted: 1, succeeded: 0 });
    expect(r.received).toHaveLength(0);
    const [d] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, ep.id));
    expect(d!.error).toMatch(/^refused: the URL must point to a public address \(this one is loopback\)/);
  });

  it("the worker's retry loop sends due retries without a request", async () => {
    const r = await receiver([500, 200]);
    const ep = await endpoint(brand, r.url, ["usage.confirmed"]);
    await fanOutWebhooks(ports(), await redeemed(brand));
    const loop = startWebhookRetryLoop(ports, { intervalMs: 60_000 });
    try {
      await loop.tick();
      expect(r.received).toHaveLength(1); // not due yet
      clock.advance(10_000);
      await loop.tick();
      expect(r.received).toHaveLength(2);
    } finally {
      await loop.stop();
    }
    const [m] = await db.select().from(webhookMessages).where(eq(webhookMessages.endpointId, ep.id));
    expect(m).toMatchObject({ status: "succeeded", attempts: 2 });
  });

  it("two processes delivering at once send each due attempt once (lease)", async () => {
    const r = await receiver([500]);
    const ep = await endpoint(brand, r.url, ["usage.confirmed"]);
    await fanOutWebhooks(ports(), await redeemed(brand));
    clock.advance(10_000);
    // (Other tests' messages may be due too: count this endpoint's attempts only.)
    await Promise.all([deliverDueWebhooks(ports()), deliverDueWebhooks(ports()), deliverDueWebhooks(ports())]);
    expect(r.received).toHaveLength(2);
    expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, ep.id))).toHaveLength(2);
  });
});
