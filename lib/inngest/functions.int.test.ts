// The Inngest functions, run with @inngest/test on real databases: step.run bodies execute for
// real (the job functions, the local mailbox); step.sendEvent is mocked by its step id. Inngest's
// retries are modelled as Inngest does them: the run is executed again with the finished steps'
// memoized outputs, so only the failed step runs again.
import { createHash } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import type { InngestFunction } from "inngest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/db";
import { mailboxCounts, seedBrand, seedCode, seedShoppers, seedUsage } from "../../test/notification-fixtures";
import { systemClock } from "../clock";
import type { Database } from "../db";
import { outboxEvents } from "../db/schema";
import { enqueueEvent } from "../events/outbox";
import { createMailboxMailer } from "../mail/mailbox";
import { MailDeliveryError, type Mailer } from "../mail/types";
import type { NotificationPorts } from "../notifications";
import { createInngestClient } from "./client";
import { createNotificationFunctions } from "./functions";

const from = "Discounts <no-reply@discounts.test>";
/** @inngest/test keys step state by the hashed step id, as Inngest does. */
const stepKey = (id: string) => createHash("sha1").update(id).digest("hex");
const client = createInngestClient({ isDev: true });

/**
 * The function's onFailure handler, run by @inngest/test. @inngest/test 1.0 always runs the main
 * handler; Inngest runs the failure handler when the execution's handlerKind is "failure" (what
 * serve() sets for the `<id>-failure` function it registers), so this sets exactly that.
 */
function failureHandlerOf(fn: InngestFunction.Any): InngestFunction.Any {
  const target = fn as unknown as { createExecution(o: { partialOptions: Record<string, unknown> }): unknown };
  return Object.assign(Object.create(fn) as object, {
    createExecution: (o: { partialOptions: Record<string, unknown> }) =>
      target.createExecution({ ...o, partialOptions: { ...o.partialOptions, handlerKind: "failure" } }),
  }) as unknown as InngestFunction.Any;
}

/** The inngest/function.failed event Inngest sends after a run's last retry. */
const functionFailed = (fnId: string, original: { id?: string; name: string; data: Record<string, unknown> }, error: { name: string; message: string }) => ({
  name: "inngest/function.failed",
  data: { function_id: `discounts-${fnId}`, run_id: "01RUNID", error: { ...error, stack: `${error.name}: ${error.message}\n    at x` }, event: original },
});

/** A mailer that can fail chosen calls: before sending, or after the mailbox stored the batch. */
function flakyMailer(inner: Mailer, plan: Record<number, "fail" | "fail-after-send" | "refuse">) {
  const calls: string[] = [];
  const run = async <T>(key: string, send: () => Promise<T>): Promise<T> => {
    calls.push(key);
    const what = plan[calls.length];
    if (what === "fail") throw new MailDeliveryError("Resend 503", { status: 503, retryable: true });
    if (what === "refuse") throw new MailDeliveryError("API key is invalid", { status: 403, retryable: false });
    const r = await send();
    if (what === "fail-after-send") throw new MailDeliveryError("timed out after sending", { status: null, retryable: true });
    return r;
  };
  const mailer: Mailer = {
    kind: inner.kind,
    send: (m, o) => run(o.idempotencyKey, () => inner.send(m, o)),
    sendBatch: (ms, o) => run(o.idempotencyKey, () => inner.sendBatch(ms, o)),
  };
  return { mailer, calls };
}

describe.each(testDatabases())("Inngest functions on $name", ({ open }) => {
  let database: Database;
  let mailer: Mailer;
  const ports = (): NotificationPorts => ({
    db: database.db,
    mailer,
    clock: systemClock,
    appUrl: "https://discounts.test",
    unsubscribeSecret: "inngest-test-secret-0123456789",
    pageSize: 100, // small pages: a few shoppers make several steps
  });
  const fns = (batchesPerRun?: number) => createNotificationFunctions(client, { getPorts: async () => ports(), batchesPerRun });

  beforeEach(async () => {
    database = await open();
    mailer = createMailboxMailer({ db: database.db, from });
  });
  afterEach(async () => {
    await database.close();
  });

  async function codeWithShoppers(n: number) {
    const brand = await seedBrand(database.db);
    const { codeId } = await seedCode(database.db, brand.brandId);
    const shoppers = await seedShoppers(database.db, n);
    return { brand, codeId, shoppers, event: { name: "discount/code.created", data: { codeId, brandId: brand.brandId } } };
  }

  it("announce-code: one step per batch of ≤100, every shopper emailed once", async () => {
    const { codeId, event, shoppers } = await codeWithShoppers(250);
    const t = new InngestTestEngine({ function: fns().announceCode });
    const { result, error, ctx } = await t.execute({ events: [event] });
    expect(error).toBeUndefined();
    expect(result).toEqual({ codeId, sent: 250, done: true, part: 0 });
    expect(ctx.step.run.mock.calls.map((c) => c[0])).toEqual(["announce-batch-0", "announce-batch-1", "announce-batch-2"]);
    const counts = await mailboxCounts(database.db);
    expect(counts.size).toBe(250);
    for (const s of shoppers) expect(counts.get(s.email)).toBe(1);
  });

  it("announce-code: a batch step failing once is retried alone and sends nothing twice", async () => {
    const { event, shoppers } = await codeWithShoppers(250);
    const flaky = flakyMailer(createMailboxMailer({ db: database.db, from }), { 2: "fail" });
    mailer = flaky.mailer;
    const fn = fns().announceCode;

    const first = await new InngestTestEngine({ function: fn }).execute({ events: [event] });
    expect(first.error).toMatchObject({ name: "MailDeliveryError", message: "Resend 503" });
    const batch0 = await first.state[stepKey("announce-batch-0")];
    expect(batch0).toMatchObject({ sent: 100, done: false });
    expect((await mailboxCounts(database.db)).size).toBe(100);

    // Inngest's retry: a new execution with batch 0 memoized; batch 1 runs again, then batch 2.
    const retry = await new InngestTestEngine({ function: fn }).execute({
      events: [event],
      steps: [{ id: "announce-batch-0", handler: () => batch0 }],
    });
    expect(retry.error).toBeUndefined();
    expect(retry.result).toMatchObject({ sent: 250, done: true });
    expect(flaky.calls).toHaveLength(4); // batch 0, batch 1 (failed), batch 1 again, batch 2
    const counts = await mailboxCounts(database.db);
    expect(counts.size).toBe(250);
    for (const s of shoppers) expect(counts.get(s.email)).toBe(1);
  });

  it("announce-code: a step that sent but failed before recording it is retried with the same key", async () => {
    const { event, shoppers } = await codeWithShoppers(150);
    const flaky = flakyMailer(createMailboxMailer({ db: database.db, from }), { 1: "fail-after-send" });
    mailer = flaky.mailer;
    const fn = fns().announceCode;
    expect((await new InngestTestEngine({ function: fn }).execute({ events: [event] })).error).toMatchObject({
      message: "timed out after sending",
    });
    expect((await mailboxCounts(database.db)).size).toBe(100);

    // Nothing memoized this time (as if the step's result was lost): the job's own bookkeeping
    // finds the unconfirmed batch and re-sends it under the same idempotency key.
    const retry = await new InngestTestEngine({ function: fn }).execute({ events: [event] });
    expect(retry.error).toBeUndefined();
    expect(retry.result).toMatchObject({ sent: 150, done: true });
    expect(flaky.calls[1]).toBe(flaky.calls[0]);
    const counts = await mailboxCounts(database.db);
    expect(counts.size).toBe(150);
    for (const s of shoppers) expect(counts.get(s.email)).toBe(1);
  });

  it("announce-code: a provider's final refusal (a revoked API key) is not retried (NonRetriableError)", async () => {
    const { event } = await codeWithShoppers(3);
    mailer = flakyMailer(createMailboxMailer({ db: database.db, from }), { 1: "refuse" }).mailer;
    const { error } = await new InngestTestEngine({ function: fns().announceCode }).execute({ events: [event] });
    expect(error).toMatchObject({ name: "NonRetriableError", message: "API key is invalid" });
  });

  it("announce-code: past batchesPerRun it continues in a new run from its cursor", async () => {
    const { codeId, brand, event, shoppers } = await codeWithShoppers(250);
    const sorted = shoppers.map((s) => s.id).sort();
    const f = fns(2);
    const t = new InngestTestEngine({ function: f.announceCode });
    const first = await t.execute({
      events: [{ ...event, id: "01OUTBOXEVENT" }],
      steps: [{ id: "continue-announcement", handler: () => ({ ids: ["evt_continued"] }) }],
    });
    expect(first.error).toBeUndefined();
    expect(first.result).toEqual({ codeId, sent: 200, done: false, part: 0, continuesAfter: sorted[199] });
    expect(first.ctx.step.sendEvent).toHaveBeenCalledWith("continue-announcement", {
      id: "announce-continued:01OUTBOXEVENT:1",
      name: "notifications/announcement.continued",
      data: { codeId, brandId: brand.brandId, after: sorted[199], part: 1, outboxEventId: "01OUTBOXEVENT" },
    });

    const next = await new InngestTestEngine({ function: f.announceCode }).execute({
      events: [{ name: "notifications/announcement.continued", data: { codeId, brandId: brand.brandId, after: sorted[199], part: 1 } }],
    });
    expect(next.result).toEqual({ codeId, sent: 50, done: true, part: 1 });
    const counts = await mailboxCounts(database.db);
    expect(counts.size).toBe(250);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("notify-brand-of-usage: emails the admins once, also when the event comes twice", async () => {
    const brand = await seedBrand(database.db, { admins: 2 });
    const { codeId } = await seedCode(database.db, brand.brandId);
    const [shopper] = await seedShoppers(database.db, 1);
    const usageId = await seedUsage(database.db, { codeId, brandId: brand.brandId, userId: shopper!.id });
    const event = { name: "discount/code.redeemed", data: { usageId, codeId, brandId: brand.brandId, userId: shopper!.id } };
    const fn = fns().notifyBrand;
    const first = await new InngestTestEngine({ function: fn }).execute({ events: [event] });
    expect(first.result).toEqual({ sent: 2 });
    expect(first.ctx.step.run).toHaveBeenCalledWith("email-brand-admins", expect.any(Function));
    // Delivered again (a new run): the job finds both notices already sent.
    const again = await new InngestTestEngine({ function: fn }).execute({ events: [event] });
    expect(again.result).toEqual({ sent: 0 });
    const counts = await mailboxCounts(database.db);
    expect([...counts.entries()].sort()).toEqual(brand.admins.map((a) => [a.email, 1]).sort());
  });

  describe("a run that fails for good is recorded in the outbox (onFailure)", () => {
    const row = async (id: number) => (await database.db.select().from(outboxEvents).where(eq(outboxEvents.id, id)))[0]!;
    /** An outbox row as the relay leaves it: published (handed to Inngest). */
    async function publishedRow(name: "discount/code.created" | "discount/code.redeemed", data: Record<string, string>) {
      const e = await database.db.transaction((tx) => enqueueEvent(tx, { name, payload: data as never }));
      await database.db.update(outboxEvents).set({ publishedAt: new Date(), attempts: 1 }).where(eq(outboxEvents.id, e.id));
      return e;
    }

    it("announce-code: a revoked provider key fails the run at once, and onFailure marks the row failed, redacted", async () => {
      const { event, brand, codeId } = await codeWithShoppers(3);
      const e = await publishedRow("discount/code.created", { codeId, brandId: brand.brandId });
      mailer = flakyMailer(createMailboxMailer({ db: database.db, from }), { 1: "refuse" }).mailer;
      const run = await new InngestTestEngine({ function: fns().announceCode }).execute({ events: [{ ...event, id: e.eventId }] });
      expect(run.error).toMatchObject({ name: "NonRetriableError", message: "API key is invalid" });

      // Inngest then sends inngest/function.failed with the original event: the failure handler runs.
      const failed = functionFailed("announce-code", { ...event, id: e.eventId }, { name: "NonRetriableError", message: "API key is invalid for ops@brand.example" });
      const handled = await new InngestTestEngine({ function: failureHandlerOf(fns().announceCode) }).execute({ events: [failed] });
      expect(handled.error).toBeUndefined();
      expect(handled.result).toEqual({ eventId: e.eventId, recorded: true });
      const r = await row(e.id);
      expect(r.failedAt).not.toBeNull();
      expect(r.publishedAt).not.toBeNull();
      expect(r.lastError).toBe("NonRetriableError: API key is invalid for [email]");
    });

    it("announce-code: a failed continuation run marks the original outbox row (carried in its data)", async () => {
      const { brand, codeId } = await codeWithShoppers(1);
      const e = await publishedRow("discount/code.created", { codeId, brandId: brand.brandId });
      const continued = { id: `announce-continued:${e.eventId}:3`, name: "notifications/announcement.continued", data: { codeId, brandId: brand.brandId, after: "usr_x", part: 3, outboxEventId: e.eventId } };
      const failed = functionFailed("announce-code", continued, { name: "Error", message: "Resend 503" });
      const handled = await new InngestTestEngine({ function: failureHandlerOf(fns().announceCode) }).execute({ events: [failed] });
      expect(handled.result).toEqual({ eventId: e.eventId, recorded: true });
      expect(await row(e.id)).toMatchObject({ lastError: "Error: Resend 503" });
      expect((await row(e.id)).failedAt).not.toBeNull();
    });

    it("notify-brand-of-usage: a run out of retries marks its row failed; a database error is stored without its parameters", async () => {
      const brand = await seedBrand(database.db, { admins: 1 });
      const { codeId } = await seedCode(database.db, brand.brandId);
      const [shopper] = await seedShoppers(database.db, 1);
      const usageId = await seedUsage(database.db, { codeId, brandId: brand.brandId, userId: shopper!.id });
      const data = { usageId, codeId, brandId: brand.brandId, userId: shopper!.id };
      const e = await publishedRow("discount/code.redeemed", data);
      // What a step's redacted error looks like after Inngest serialised it.
      const failed = functionFailed("notify-brand-of-usage", { id: e.eventId, name: "discount/code.redeemed", data }, {
        name: "Error",
        message: "Failed query: select * from users where email = $1\nparams: jane@example.com",
      });
      const handled = await new InngestTestEngine({ function: failureHandlerOf(fns().notifyBrand) }).execute({ events: [failed] });
      expect(handled.result).toEqual({ eventId: e.eventId, recorded: true });
      expect(await row(e.id)).toMatchObject({ lastError: "Error: query failed" });
    });

    it("a step's error reaches Inngest redacted, and a payload that fails its schema is not retried", async () => {
      const brand = await seedBrand(database.db, { admins: 1 });
      const bad = await new InngestTestEngine({ function: fns().notifyBrand }).execute({
        events: [{ name: "discount/code.redeemed", data: { usageId: "", codeId: "c", brandId: brand.brandId, userId: "u" } }],
      });
      expect(bad.error).toMatchObject({ name: "NonRetriableError" });
      expect((bad.error as Error).message).toMatch(/does not match its schema \(usageId\)/);

      mailer = {
        kind: "mailbox",
        send: async () => {
          throw new Error("Failed query: insert into mailbox_messages values ($1)\nparams: jane@example.com", {
            cause: Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" }),
          });
        },
        sendBatch: async () => ({ ids: [] }),
      };
      const [shopper] = await seedShoppers(database.db, 1);
      const { codeId } = await seedCode(database.db, brand.brandId);
      const usageId = await seedUsage(database.db, { codeId, brandId: brand.brandId, userId: shopper!.id });
      const run = await new InngestTestEngine({ function: fns().notifyBrand }).execute({
        events: [{ name: "discount/code.redeemed", data: { usageId, codeId, brandId: brand.brandId, userId: shopper!.id } }],
      });
      expect(run.error).toMatchObject({ name: "Error", message: "ECONNREFUSED: connection refused" });
      expect(JSON.stringify(run.error)).not.toMatch(/jane|params/);
    });
  });
});
