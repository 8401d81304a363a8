// One process per PGlite folder: a second opener is refused while the first is alive.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db";
import { DataDirInUseError, lockDataDir } from "@/lib/db/lock";

const tmp = mkdtempSync(path.join(os.tmpdir(), "discounts-lock-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("PGlite data folder lock", () => {
  it("persists across reopen and releases the lock on close", async () => {
    const dir = path.join(tmp, "a", "pglite");
    const first = await openDatabase({ kind: "pglite", dataDir: dir });
    expect(existsSync(`${dir}.lock`)).toBe(true);
    await first.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    const again = await openDatabase({ kind: "pglite", dataDir: dir, migrate: false });
    await again.close();
  });

  it("refuses a folder held by another live process", () => {
    const dir = path.join(tmp, "b", "pglite");
    // A child process takes the lock and exits; its pid is then gone, so the lock is stale.
    const release = lockDataDir(dir);
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "-e", `import("${path.resolve("lib/db/lock.ts")}").then(m => { try { m.lockDataDir(${JSON.stringify(dir)}); process.stdout.write("got it\\n") } catch (e) { process.stdout.write(e.name + "\\n") } })`],
      { encoding: "utf8" },
    );
    expect(child.stdout.trim()).toBe("DataDirInUseError");
    release();
    expect(new DataDirInUseError(dir, 1).message).toContain("one process per folder");
  });

  it("takes over a lock left by a dead process", () => {
    const dir = path.join(tmp, "c", "pglite");
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "-e", `import("${path.resolve("lib/db/lock.ts")}").then(m => { m.lockDataDir(${JSON.stringify(dir)}); process.exitCode = 0; process.reallyExit(0) })`],
      { encoding: "utf8" },
    );
    expect(child.status).toBe(0);
    expect(existsSync(`${dir}.lock`)).toBe(true);
    const release = lockDataDir(dir);
    release();
  });
});
