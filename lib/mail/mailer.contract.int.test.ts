// The Mailer contract, run against every implementation: the local mailbox on each database
// engine, and Resend's adapter against a local server speaking Resend's API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/db";
import { startResendServer, type ResendServer } from "../../test/resend-server";
import type { Database } from "../db";
import { createMailboxMailer, listMailbox } from "./mailbox";
import { createResendMailer } from "./resend";
import type { Mailer, MailMessage } from "./types";

interface Delivered {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

interface Subject {
  name: string;
  setup(): Promise<{ mailer: Mailer; delivered(): Promise<Delivered[]>; close(): Promise<void> }>;
}

const from = "Discounts <no-reply@discounts.test>";

const subjects: Subject[] = [
  ...testDatabases().map(
    (t): Subject => ({
      name: `local mailbox on ${t.name}`,
      async setup() {
        const database: Database = await t.open();
        return {
          mailer: createMailboxMailer({ db: database.db, from }),
          delivered: async () => (await listMailbox(database.db, { limit: 1000 })).reverse(),
          close: () => database.close(),
        };
      },
    }),
  ),
  {
    name: "Resend (local API server)",
    async setup() {
      const server: ResendServer = await startResendServer();
      return {
        mailer: createResendMailer({ apiKey: server.apiKey, baseUrl: server.url, from, baseDelayMs: 1 }),
        delivered: async () =>
          server.emails.map((e) => ({ to: e.to[0]!, subject: e.subject, html: e.html!, text: e.text!, headers: e.headers })),
        close: () => server.close(),
      };
    },
  },
];

const message = (i: number): MailMessage => ({
  to: `shopper${i}@example.test`,
  subject: `Hello ${i}`,
  html: `<p>Hello ${i}</p>`,
  text: `Hello ${i}`,
  headers: { "List-Unsubscribe": `<https://discounts.test/u?token=${i}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
});

describe.each(subjects)("Mailer contract: $name", (subject) => {
  let ctx: Awaited<ReturnType<Subject["setup"]>>;
  beforeAll(async () => {
    ctx = await subject.setup();
  });
  afterAll(async () => {
    await ctx.close();
  });

  it("sends one message with its subject, bodies and headers", async () => {
    const { id } = await ctx.mailer.send(message(1), { idempotencyKey: "contract-single" });
    expect(id).toBeTruthy();
    const got = (await ctx.delivered()).filter((d) => d.to === "shopper1@example.test");
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ subject: "Hello 1", html: "<p>Hello 1</p>", text: "Hello 1" });
    expect(got[0]!.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("sends a batch and returns one id per message, in order", async () => {
    const batch = [2, 3, 4].map(message);
    const { ids } = await ctx.mailer.sendBatch(batch, { idempotencyKey: "contract-batch" });
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    const delivered = await ctx.delivered();
    for (const m of batch) expect(delivered.filter((d) => d.to === m.to)).toHaveLength(1);
  });

  it("delivers nothing new when a request is repeated with the same idempotency key", async () => {
    const before = (await ctx.delivered()).length;
    const batch = [5, 6].map(message);
    const first = await ctx.mailer.sendBatch(batch, { idempotencyKey: "contract-retry" });
    const again = await ctx.mailer.sendBatch(batch, { idempotencyKey: "contract-retry" });
    expect(again.ids).toEqual(first.ids);
    const one = await ctx.mailer.send(message(7), { idempotencyKey: "contract-retry-single" });
    const oneAgain = await ctx.mailer.send(message(7), { idempotencyKey: "contract-retry-single" });
    expect(oneAgain.id).toBe(one.id);
    expect((await ctx.delivered()).length).toBe(before + 3);
  });

  it("refuses an empty batch or one over 100 messages without sending anything", async () => {
    const before = (await ctx.delivered()).length;
    await expect(ctx.mailer.sendBatch([], { idempotencyKey: "contract-empty" })).rejects.toThrow();
    const tooMany = Array.from({ length: 101 }, (_, i) => message(1000 + i));
    await expect(ctx.mailer.sendBatch(tooMany, { idempotencyKey: "contract-101" })).rejects.toThrow(/at most 100/);
    expect((await ctx.delivered()).length).toBe(before);
  });
});
