// The bulk-codes Inngest function, run with @inngest/test on real databases: one step to start,
// one step per chunk, one to finish; a retry re-runs only the failed chunk; onFailure marks the
// batch and its outbox row failed.
import { createHash } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import type { InngestFunction } from "inngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/db";
import { createUser, type TestUser } from "../../test/fixtures";
import { fixedClock } from "../clock";
import type { Database } from "../db";
import { codeBatches, discountCodes, outboxEvents } from "../db/schema";
import { createBatch } from "../discounts/batches";
import { createBatchBodySchema } from "../discounts/batch-schemas";
import { createBatchFunctions } from "./batch-functions";
import { createInngestClient } from "./client";

const stepKey = (id: string) => createHash("sha1").update(id).digest("hex");
const client = createInngestClient({ isDev: true });
const now = new Date("2026-11-30T12:00:00.000Z");
const clock = fixedClock(now);

function failureHandlerOf(fn: InngestFunction.Any): InngestFunction.Any {
  const target = fn as unknown as { createExecution(o: { partialOptions: Record<string, unknown> }): unknown };
  return Object.assign(Object.create(fn) as object, {
    createExecution: (o: { partialOptions: Record<string, unknown> }) =>
      target.createExecution({ ...o, partialOptions: { ...o.partialOptions, handlerKind: "failure" } }),
  }) as unknown as InngestFunction.Any;
}

describe.each(testDatabases())("generate-code-batch on $name", ({ open }) => {
  let database: Database;
  let brand: TestUser;
  const dispatched: number[] = [];
  const ports = () => ({ db: database.db, clock, events: { dispatch: (ids: number[]) => void dispatched.push(...ids) } });
  const fn = () => createBatchFunctions(client, { getPorts: async () => ports(), chunkSize: 40 }).generateCodeBatch;

  beforeAll(async () => {
    database = await open();
    brand = await createUser(database.db, { role: "brand" });
  });
  afterAll(async () => {
    await database?.close();
  });

  async function requested(count: number) {
    const body = createBatchBodySchema.parse({ prefix: "ING", count, discount: 10, validUntil: "2027-01-01T00:00:00Z" });
    const batch = await createBatch(ports(), { actor: { user: { id: brand.id, seq: brand.seq }, brands: [brand.brand!] }, body });
    const [row] = (await database.db.select().from(outboxEvents).where(eq(outboxEvents.name, "discount/batch.requested"))).filter(
      (e) => (e.payload as { batchId: string }).batchId === batch.id,
    );
    return { batch, event: { id: row!.eventId, name: "discount/batch.requested", data: { batchId: batch.id, brandId: brand.brand!.id } } };
  }

  it("one step per chunk, then done with a discount/batch.completed outbox row", async () => {
    const { batch, event } = await requested(100);
    const { result, error, ctx } = await new InngestTestEngine({ function: fn() }).execute({ events: [event] });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ status: "done", created: 100, total: 100 });
    expect(ctx.step.run.mock.calls.map((c) => c[0])).toEqual(["start", "chunk-0", "chunk-1", "chunk-2", "finish"]);
    expect(await database.db.select().from(discountCodes).where(eq(discountCodes.batchId, batch.id))).toHaveLength(100);
    const [row] = await database.db.select().from(codeBatches).where(eq(codeBatches.id, batch.id));
    expect(row).toMatchObject({ status: "done", created: 100 });
    const completed = (await database.db.select().from(outboxEvents).where(eq(outboxEvents.name, "discount/batch.completed"))).filter(
      (e) => (e.payload as { batchId: string }).batchId === batch.id,
    );
    expect(completed).toHaveLength(1);
    expect(dispatched).toContain(completed[0]!.id);
  });

  it("a run for a batch that is already done (a re-delivered event) writes nothing", async () => {
    const { batch, event } = await requested(90);
    const first = await new InngestTestEngine({ function: fn() }).execute({ events: [event] });
    const chunk0 = await first.state[stepKey("chunk-0")];
    expect(chunk0).toMatchObject({ created: 40 });
    const again = await new InngestTestEngine({ function: fn() }).execute({ events: [event] });
    expect(again.result).toMatchObject({ status: "done", created: 90 });
    expect(again.ctx.step.run.mock.calls.map((c) => c[0])).toEqual(["start"]);
    expect(await database.db.select().from(discountCodes).where(eq(discountCodes.batchId, batch.id))).toHaveLength(90);
  });

  it("onFailure marks the batch failed and its outbox row failed, redacted", async () => {
    const { batch, event } = await requested(10);
    const failed = {
      name: "inngest/function.failed",
      data: { function_id: "discounts-generate-code-batch", run_id: "01RUN", error: { name: "Error", message: "boom for ops@brand.example" }, event },
    };
    const handled = await new InngestTestEngine({ function: failureHandlerOf(fn()) }).execute({ events: [failed] });
    expect(handled.error).toBeUndefined();
    const [row] = await database.db.select().from(codeBatches).where(eq(codeBatches.id, batch.id));
    expect(row!.status).toBe("failed");
    expect(row!.error).not.toMatch(/ops@brand/);
    const [outbox] = await database.db.select().from(outboxEvents).where(eq(outboxEvents.eventId, event.id));
    expect(outbox!.failedAt).not.toBeNull();
  });
});
