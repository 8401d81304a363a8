// /api/v1/webhooks over real HTTP on every database: create (secret once), list, read, delete,
// deliveries; brands only; another brand's endpoint is not found; refused URLs and unknown
// events are 422 validation_failed; WEBHOOKS_ALLOW_LOCALHOST=1 as on the embedded default.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WEBHOOKS_ALLOW_LOCALHOST = "1";
});

import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { fixedClock } from "@/lib/clock";
import type { Database } from "@/lib/db";
import { fanOutWebhooks } from "@/lib/webhooks";
import { apiClient, insertCode, quickShoppers, type QuickUser } from "@/test/discount-fixtures";
import { testDatabases } from "@/test/db";
import { createUser, issueToken, testDeps, type TestUser } from "@/test/fixtures";
import { startTestServer, type TestServer } from "@/test/http";

describe.each(testDatabases())("/api/v1/webhooks on $name", ({ open }) => {
  let database: Database;
  let server: TestServer;
  let api: ReturnType<typeof apiClient>;
  let brand: TestUser;
  let other: TestUser;
  let shopper: QuickUser;
  let auth: Record<string, string>;
  let otherAuth: Record<string, string>;
  let receiver: http.Server;
  let receiverUrl: string;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const clock = fixedClock(Date.now());

  beforeAll(async () => {
    database = await open();
    server = await startTestServer(testDeps(database, clock));
    api = apiClient(server.url);
    brand = await createUser(database.db, { role: "brand", brandName: "Hooks Inc" });
    other = await createUser(database.db, { role: "brand", brandName: "Other Inc" });
    [shopper] = (await quickShoppers(database.db, 1)) as [QuickUser];
    auth = { authorization: `Bearer ${await issueToken(database.db, brand.id)}` };
    otherAuth = { authorization: `Bearer ${await issueToken(database.db, other.id)}` };
    receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(received.length === 1 ? 500 : 200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  });
  afterAll(async () => {
    receiver?.closeAllConnections();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
    await server?.close();
    await database?.close();
  });

  it("is for brands only: 401 without credentials, 403 for a shopper", async () => {
    expect((await api.get("/api/v1/webhooks/")).status).toBe(401);
    expect((await api.post("/api/v1/webhooks/", { url: receiverUrl, events: ["code.created"] })).status).toBe(401);
    const res = await api.get("/api/v1/webhooks", { cookie: shopper.cookie });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("forbidden");
  });

  it.each([
    ["an unknown event", { url: "https://93.184.215.14/hook", events: ["code.deleted"] }, "events.0"],
    ["no events", { url: "https://93.184.215.14/hook", events: [] }, "events"],
    ["a private address", { url: "https://10.0.0.1/hook", events: ["code.created"] }, "url"],
    ["link-local metadata", { url: "https://169.254.169.254/latest", events: ["code.created"] }, "url"],
    ["an IPv4-mapped loopback", { url: "https://[::ffff:127.0.0.1]/hook", events: ["code.created"] }, "url"],
    ["a unique-local IPv6", { url: "https://[fd00::1]/hook", events: ["code.created"] }, "url"],
    ["plain http to a public host", { url: "http://93.184.215.14/hook", events: ["code.created"] }, "url"],
    ["http to another loopback address", { url: "http://127.0.0.2/hook", events: ["code.created"] }, "url"],
    ["not a URL", { url: "hooks", events: ["code.created"] }, "url"],
  ])("refuses %s with 422 validation_failed", async (_what, body, path) => {
    const res = await api.post("/api/v1/webhooks/", body, auth);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body).toMatchObject({ code: "validation_failed" });
    expect((res.body.errors as { path: string }[]).map((e) => e.path)).toContain(path);
  });

  it("creates (secret shown once), lists without secrets, reads and deletes; another brand's is not found", async () => {
    const created = await api.post<{ id: string; url: string; events: string[]; secret: string }>(
      "/api/v1/webhooks",
      { url: "https://93.184.215.14/hooks/discounts", events: ["usage.confirmed", "code.created", "code.created"] },
      auth,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^we_/), url: "https://93.184.215.14/hooks/discounts", events: ["usage.confirmed", "code.created"] });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.body.secret.slice(6), "base64")).toHaveLength(32);
    const id = created.body.id;

    for (const path of ["/api/v1/webhooks", "/api/v1/webhooks/"]) {
      const list = await api.get<{ data: Record<string, unknown>[] }>(path, auth);
      expect(list.status).toBe(200);
      expect(list.body.data.map((e) => e.id)).toContain(id);
      expect(JSON.stringify(list.body)).not.toContain("whsec_");
    }
    expect((await api.get<{ data: unknown[] }>("/api/v1/webhooks", otherAuth)).body.data).toEqual([]);

    const one = await api.get(`/api/v1/webhooks/${id}/`, auth);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ id, url: "https://93.184.215.14/hooks/discounts", events: ["usage.confirmed", "code.created"], createdAt: expect.any(String) });

    expect((await api.get(`/api/v1/webhooks/${id}`, otherAuth)).status).toBe(404);
    expect((await api.get(`/api/v1/webhooks/${id}/deliveries`, otherAuth)).status).toBe(404);
    expect((await api.call("DELETE", `/api/v1/webhooks/${id}`, { auth: otherAuth })).status).toBe(404);
    const put = await api.call("PUT", `/api/v1/webhooks/${id}`, { auth, body: {} });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("DELETE, GET, HEAD, OPTIONS");

    const deleted = await api.call("DELETE", `/api/v1/webhooks/${id}/`, { auth });
    expect(deleted.status).toBe(204);
    expect((await api.get(`/api/v1/webhooks/${id}`, auth)).status).toBe(404);
    expect((await api.call("DELETE", `/api/v1/webhooks/${id}`, { auth })).status).toBe(404);
  });

  it("delivers a brand's events to a local receiver and lists the attempts, newest first", async () => {
    const created = await api.post<{ id: string; secret: string }>("/api/v1/webhooks/", { url: receiverUrl, events: ["code.created"] }, auth);
    expect(created.status).toBe(201);
    const code = await insertCode(database.db, { brandId: brand.brand!.id, validFrom: clock(), validUntil: new Date(clock().getTime() + 86400_000) });
    const event = { name: "discount/code.created" as const, eventId: "3f1c9a2e-6f0b-4c1e-9b7a-1d2e3f4a5b6c", payload: { codeId: code.id, brandId: brand.brand!.id } };
    const ports = { db: database.db, clock, allowLocalhost: true };
    expect(await fanOutWebhooks(ports, event)).toMatchObject({ messages: 1, succeeded: 0 });
    clock.advance(10_000);
    const { deliverDueWebhooks } = await import("@/lib/webhooks");
    expect(await deliverDueWebhooks(ports)).toMatchObject({ attempted: 1, succeeded: 1 });

    expect(received).toHaveLength(2);
    for (const r of received) {
      expect(() =>
        new Webhook(created.body.secret).verify(r.body, {
          "webhook-id": String(r.headers["webhook-id"]),
          "webhook-timestamp": String(r.headers["webhook-timestamp"]),
          "webhook-signature": String(r.headers["webhook-signature"]),
        }),
      ).not.toThrow();
    }
    const body = JSON.parse(received[0]!.body);
    expect(body).toMatchObject({
      id: "evt_3f1c9a2e6f0b4c1e9b7a1d2e3f4a5b6c",
      type: "code.created",
      data: { id: code.id, code: code.code, brand: { id: brand.brand!.id, name: "Hooks Inc" }, maxRedemptions: null },
    });

    const deliveries = await api.get<{ data: Record<string, unknown>[] }>(`/api/v1/webhooks/${created.body.id}/deliveries/`, auth);
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.data).toEqual([
      { id: expect.stringMatching(/^wd_/), eventId: body.id, type: "code.created", attempt: 2, status: "succeeded", responseStatus: 200, createdAt: expect.any(String) },
      { id: expect.stringMatching(/^wd_/), eventId: body.id, type: "code.created", attempt: 1, status: "pending", responseStatus: 500, createdAt: expect.any(String) },
    ]);
  });
});
