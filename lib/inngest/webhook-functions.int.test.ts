// The webhook functions of Inngest mode, run by @inngest/test's engine against a real database
// and a receiver on 127.0.0.1: the fan-out function sends once however often it runs, and the
// cron function sends the retries that are due.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCode } from "../../test/discount-fixtures";
import { testDatabases } from "../../test/db";
import { createUser } from "../../test/fixtures";
import { fixedClock } from "../clock";
import type { Database } from "../db";
import { createWebhookEndpoint, type WebhookPorts } from "../webhooks";
import { createInngestClient } from "./client";
import { createWebhookFunctions } from "./webhook-functions";

describe.each(testDatabases())("Inngest webhook functions on $name", ({ open }) => {
  let database: Database;
  let server: http.Server;
  let url: string;
  const received: string[] = [];
  const clock = fixedClock(Date.now());

  beforeAll(async () => {
    database = await open();
    server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        received.push(String(req.headers["webhook-id"]));
        res.writeHead(received.length === 1 ? 502 : 200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await database?.close();
  });

  it("fans an event out once, and the cron function delivers the due retry", async () => {
    const brand = await createUser(database.db, { role: "brand" });
    await createWebhookEndpoint(database.db, {
      brandId: brand.brand!.id,
      body: { url, events: ["code.created"] },
      now: clock(),
      allowLocalhost: true,
      resolve: async () => [],
    });
    const code = await insertCode(database.db, { brandId: brand.brand!.id, validFrom: clock(), validUntil: new Date(clock().getTime() + 86400_000) });
    const ports: WebhookPorts = { db: database.db, clock, allowLocalhost: true };
    const fns = createWebhookFunctions(createInngestClient({ isDev: true }), { getPorts: async () => ports });
    const event = { id: "5b0c7a4e-2d1f-4e3a-9c8b-7a6f5e4d3c2b", name: "discount/code.created", data: { codeId: code.id, brandId: brand.brand!.id } };

    const first = await new InngestTestEngine({ function: fns.fanOut }).execute({ events: [event] as never });
    expect(first.error).toBeUndefined();
    expect(first.result).toEqual({ messages: 1, attempted: 1, succeeded: 0 });
    const again = await new InngestTestEngine({ function: fns.fanOut }).execute({ events: [event] as never });
    expect(again.result).toEqual({ messages: 0, attempted: 0, succeeded: 0 });
    expect(received).toHaveLength(1);

    clock.advance(10_000);
    const cron = await new InngestTestEngine({ function: fns.deliverDue }).execute({ events: [{ name: "inngest/scheduled.timer", data: {} }] as never });
    expect(cron.error).toBeUndefined();
    expect(cron.result).toMatchObject({ attempted: 1, succeeded: 1 });
    expect(received).toHaveLength(2);
    expect(received[1]).toBe(received[0]);
  });
});
