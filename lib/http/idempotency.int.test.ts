// Idempotency keys are kept 24 hours: the sweeper deletes older ones, and an old key still in the
// table counts as new (the request runs again).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testDatabases } from "@/test/db";
import { idempotencyKeys } from "../db/schema";
import { IDEMPOTENCY_TTL_MS, idempotent, sweepIdempotencyKeys } from "./idempotency";
import { json } from "./json";

describe.each(testDatabases())("idempotency keys on $name", ({ open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => database?.close());

  const now = new Date("2030-06-01T12:00:00Z");
  const req = (key: string) => new Request("http://localhost/api/v1/x", { method: "POST", headers: { "idempotency-key": key } });

  it("sweeps keys older than 24 hours and keeps the rest", async () => {
    const db = database.db;
    await db.insert(idempotencyKeys).values([
      { userId: "usr_sweep", key: "old", requestHash: "h", status: 201, response: {}, createdAt: new Date(now.getTime() - IDEMPOTENCY_TTL_MS - 1) },
      { userId: "usr_sweep", key: "fresh", requestHash: "h", status: 201, response: {}, createdAt: new Date(now.getTime() - 1000) },
    ]);
    expect(await sweepIdempotencyKeys(db, now)).toBe(1);
    const left = await db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(eq(idempotencyKeys.userId, "usr_sweep"));
    expect(left).toEqual([{ key: "fresh" }]);
  });

  it("replays within 24 hours; past them, the same key runs the request again", async () => {
    let runs = 0;
    const run = async () => json({ run: ++runs }, 201);
    const opts = (at: Date) => ({ db: database.db, req: req("k-ttl"), userId: "usr_ttl", fingerprint: { a: 1 }, now: at });
    expect(await (await idempotent(opts(now), run)).json()).toEqual({ run: 1 });
    expect(await (await idempotent(opts(new Date(now.getTime() + 3600_000)), run)).json()).toEqual({ run: 1 });
    expect(await (await idempotent(opts(new Date(now.getTime() + IDEMPOTENCY_TTL_MS + 1)), run)).json()).toEqual({ run: 2 });
  });
});
