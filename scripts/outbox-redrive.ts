// `npm run outbox:redrive [-- --id 12 --id 15 | --name discount/code.created] [--dry-run]`
// Re-queues outbox events that failed for good (out of attempts, a permanent error, or an Inngest
// run that failed): pending again, attempts from zero, then handed to the configured runtime —
// published to Inngest at once when its keys are set, otherwise left for the in-process worker.
// On the embedded default (PGlite under DATA_DIR) stop the server first: one process per folder.
import { env } from "../lib/env";
import { openDatabase, optionsFromEnv } from "../lib/db";
import { DataDirInUseError } from "../lib/db/lock";
import { redriveFailedEvents } from "../lib/events/redrive";
import { report, reportError } from "../lib/log/report";

const usage = `Usage: npm run outbox:redrive -- [--id N]... [--name EVENT] [--dry-run]
  (no filter)   every failed event
  --id N        only this outbox event (repeatable, or comma-separated)
  --name EVENT  only events of this name, e.g. discount/code.created
  --dry-run     list what would be re-queued, change nothing`;

function parseArgs(argv: string[]) {
  const ids: number[] = [];
  let name: string | undefined;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === "--dry-run") dryRun = true;
    else if (flag === "--id") {
      for (const part of value().split(",")) {
        const n = Number(part.trim());
        if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--id takes a positive integer, got "${part}"`);
        ids.push(n);
      }
    } else if (flag === "--name") name = value();
    else if (flag === "--help" || flag === "-h") {
      report(usage);
      process.exit(0);
    } else throw new Error(`unknown argument "${a}"`);
  }
  return { ids: ids.length ? ids : undefined, name, dryRun };
}

let args: ReturnType<typeof parseArgs>;
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  reportError(`outbox:redrive: ${(e as Error).message}\n${usage}`);
  process.exit(64);
}

let database;
try {
  database = await openDatabase(optionsFromEnv(env));
} catch (e) {
  if (e instanceof DataDirInUseError) {
    reportError(
      `outbox:redrive: ${e.message}\nThe embedded database (PGlite) can be opened by one process only: stop the server (npm start), run this again, then start the server — its worker runs the re-queued events.`,
    );
    process.exit(2);
  }
  throw e;
}

try {
  const { eventRuntime } = await import("../lib/events/runtime");
  const runtime = eventRuntime(database);
  const result = await redriveFailedEvents(database.db, {
    ...args,
    now: new Date(),
    publish: runtime.mode === "inngest" ? (ids) => runtime.relay.publishIds(ids) : undefined,
  });
  if (result.events.length === 0) {
    report("No failed outbox events match.");
  } else {
    for (const e of result.events) {
      const brand = (e.payload as { brandId?: unknown } | null)?.brandId;
      report(
        `#${e.id} ${e.name}${typeof brand === "string" ? ` brand ${brand}` : ""} — ${e.attempts} attempt(s), failed ${e.failedAt.toISOString()}: ${e.lastError ?? "(no error recorded)"}`,
      );
    }
    if (args.dryRun) {
      report(`Dry run: ${result.events.length} failed event(s) would be re-queued. Nothing changed.`);
    } else if (runtime.mode === "inngest") {
      const rest = result.requeued - result.published;
      report(
        `Re-queued ${result.requeued} event(s); published ${result.published} to Inngest${rest ? `, ${rest} left for the outbox sweeper (publishing failed; see the log)` : ""}.`,
      );
    } else if (database.kind === "pglite") {
      report(`Re-queued ${result.requeued} event(s). The in-process worker runs them when the server starts (npm start).`);
    } else {
      report(`Re-queued ${result.requeued} event(s). A running server's outbox worker picks them up within seconds.`);
    }
  }
} finally {
  await database.close();
}
