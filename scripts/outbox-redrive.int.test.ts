// `npm run outbox:redrive` as a process, on the embedded default (PGlite under DATA_DIR): it
// lists and re-queues failed events, and refuses clearly while another process holds the folder.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../lib/db";
import { outboxEvents } from "../lib/db/schema";
import { enqueueEvent } from "../lib/events/outbox";
import { markFailedByEventId } from "../lib/events/outbox-store";

const run = promisify(execFile);
const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "redrive-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function redrive(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, LOG_LEVEL: "silent" };
  for (const k of ["DATABASE_URL", "INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY", "RESEND_API_KEY"]) delete env[k];
  return run(tsx, ["scripts/outbox-redrive.ts", ...args], { env, cwd: process.cwd(), timeout: 120_000 }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe("npm run outbox:redrive on the embedded database", () => {
  it("lists (dry run), then re-queues failed events; refuses while the folder is in use", async () => {
    const dataDir = path.join(dir, "pglite");
    let database = await openDatabase({ kind: "pglite", dataDir });
    const failed = await database.db.transaction((tx) => enqueueEvent(tx, { name: "discount/code.created", payload: { codeId: "cod_1", brandId: "brd_1" } }));
    const other = await database.db.transaction((tx) => enqueueEvent(tx, { name: "discount/code.redeemed", payload: { usageId: "u", codeId: "c", brandId: "brd_2", userId: "x" } }));
    await markFailedByEventId(database.db, failed.eventId, { now: new Date(), error: new Error("Resend refused jane@example.com") });
    await markFailedByEventId(database.db, other.eventId, { now: new Date(), error: new Error("boom") });
    await database.close();

    const dry = await redrive(["--dry-run", "--name", "discount/code.created"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`#${failed.id} discount/code.created brand brd_1`);
    expect(dry.stdout).toContain("Error: Resend refused [email]");
    expect(dry.stdout).not.toContain(`#${other.id} `);
    expect(dry.stdout).toContain("Dry run: 1 failed event(s) would be re-queued");

    const done = await redrive(["--id", String(failed.id)]);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`#${failed.id} discount/code.created brand brd_1 — 0 attempt(s)`);
    expect(done.stdout).toContain("Re-queued 1 event(s). The in-process worker runs them when the server starts");

    database = await openDatabase({ kind: "pglite", dataDir, migrate: false });
    const rows = await database.db.select().from(outboxEvents);
    expect(rows.find((r) => r.id === failed.id)).toMatchObject({ failedAt: null, publishedAt: null, attempts: 0 });
    expect(rows.find((r) => r.id === other.id)!.failedAt).not.toBeNull();
    await database.close();

    // A running server holds the folder (its pid in the lock file): refuse, say what to do.
    writeFileSync(`${dataDir}.lock`, String(process.pid));
    try {
      const refused = await redrive([]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`is in use by process ${process.pid}`);
      expect(refused.stderr).toContain("stop the server");
    } finally {
      rmSync(`${dataDir}.lock`, { force: true });
    }

    const bad = await redrive(["--id", "x"]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain("--id takes a positive integer");
  });
});
