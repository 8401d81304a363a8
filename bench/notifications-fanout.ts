// The announcement fan-out, measured in-process: the job the in-process worker runs
// (announceCode: keyset pages, claim → send → confirm per page) for SHOPPERS shoppers, through
// the real Resend adapter (lib/mail/resend.ts) pointed at a local server speaking Resend's API
// (bench/fanout-sink.ts, in its own process), and optionally through the local mailbox mailer.
// Each run checks the result: every eligible shopper exactly once (the sink counts per address;
// the mailbox is counted in SQL), nobody who opted out (globally or of the brand) or is not
// verified, every delivery row confirmed. The event loop's delay during the run is reported too:
// in the app this job runs inside the server process.
//
//   npx tsx bench/notifications-fanout.ts
//   env: SHOPPERS (100000), ENGINES ("postgres,pglite"), MAILERS ("resend" — add "mailbox"),
//        BENCH_DATABASE_URL (postgres://root@127.0.0.1:5432/postgres), PAGE_SIZE (the job's default)
//
// An orchestrator imports runFanout() and gets the figures back (the CLI below only prints them).
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { systemClock } from "../lib/clock";
import { executeRows, openDatabase, type Database } from "../lib/db";
import { log, summarizeError } from "../lib/log";
import { report } from "../lib/log/report";
import { openThrowawayDatabase } from "./lib/postgres";
import { createMailboxMailer } from "../lib/mail/mailbox";
import { createResendMailer } from "../lib/mail/resend";
import type { Mailer } from "../lib/mail/types";
import { announceCode } from "../lib/notifications/announce-code";
import type { NotificationPorts } from "../lib/notifications/ports";
import { seedBrand, seedCode } from "../test/notification-fixtures";
import { startFanoutSink, type FanoutSink } from "./fanout-sink";

export type FanoutEngine = "postgres" | "pglite";
export type FanoutMailer = "resend" | "mailbox";

export interface FanoutOptions {
  engine?: FanoutEngine;
  mailer?: FanoutMailer;
  /** Eligible shoppers (default 100,000); ~3 % more that must get nothing are added. */
  shoppers?: number;
  /** An admin connection string: a throwaway database is created and dropped (postgres only). */
  pgUrl?: string;
  /** NotificationPorts.pageSize: shoppers per page (default: the job's own). */
  pageSize?: number;
  /** A sink to reuse (resend only); one is started (and stopped) otherwise. */
  sink?: FanoutSink;
}

export interface FanoutFigures {
  engine: FanoutEngine;
  mailer: FanoutMailer;
  shoppers: number;
  /** What the job says it sent. */
  sent: number;
  /** Pages (announceCodeBatch calls). */
  batches: number;
  seconds: number;
  emailsPerSecond: number;
  seedSeconds: number;
  /** Emails the sink accepted / the mailbox holds. */
  delivered: number;
  distinctRecipients: number;
  /** Emails beyond the first per recipient: must be 0. */
  duplicates: number;
  /** Emails to shoppers who must get none (opted out, of the brand, unverified): must be 0. */
  unwanted: number;
  /** Delivery rows still claimed-but-unconfirmed after the job: must be 0. */
  unconfirmed: number;
  /** Resend API requests (batch calls) that sent emails. */
  requests?: number;
  maxBatch?: number;
  /** Most batch calls the job had in flight at once. */
  maxInFlight: number;
  /** CPU seconds the job's process (this one) and the sink's spent during the run. */
  cpuSeconds: { job: number; sink?: number };
  /** The machine's 1-minute load average at the end (other work on the machine skews the figures). */
  loadAverage: number;
  /** The event loop's delay while the job ran (the app runs it inside the server). */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  ok: boolean;
}

const DEFAULT_PG_URL = "postgres://root@127.0.0.1:5432/postgres";
const from = "Discounts <no-reply@discounts.test>";

async function openEngine(engine: FanoutEngine, pgUrl: string): Promise<{ database: Database; drop(): Promise<void> }> {
  if (engine === "pglite") {
    const database = await openDatabase({ kind: "pglite" });
    return { database, drop: () => database.close() };
  }
  return openThrowawayDatabase({ adminUrl: pgUrl });
}

/**
 * `n` eligible shoppers plus, spread among them, shoppers who must get nothing: opted out of all
 * announcements, opted out of this brand, or not verified — all in a few INSERT … SELECT
 * generate_series. Ids sort in insertion order, so the ineligible sit between eligible ones.
 * Addresses: bench<i>@shoppers.test (eligible), skip<i>@shoppers.test (not).
 */
async function seedShoppers(db: Database["db"], brandId: string, n: number): Promise<number> {
  const every = 100;
  await db.execute(sql`
    insert into users (id, email, name, role, notify_new_codes, email_verified)
    select 'usr_bench' || lpad(g::text, 9, '0'), 'bench' || g || '@shoppers.test', 'Bench Shopper ' || g, 'shopper', true, now()
    from generate_series(1, ${n}::int) g`);
  // Three kinds of shoppers to skip, one of each per `every` eligible ones.
  await db.execute(sql`
    insert into users (id, email, name, role, notify_new_codes, email_verified)
    select 'usr_bench' || lpad(g::text, 9, '0') || '_' || k, 'skip' || g || '-' || k || '@shoppers.test', 'Skip ' || g, 'shopper',
           k <> 1, case when k = 3 then null else now() end
    from generate_series(${every}::int, ${n}::int, ${every}::int) g, generate_series(1, 3) k`);
  await db.execute(sql`
    insert into brand_opt_outs (brand_id, user_id)
    select ${brandId}, id from users where id like 'usr_bench%\\_2' escape '\\'`);
  const [row] = await executeRows<{ n: number }>(db, sql`select count(*)::int as n from users where email like 'skip%'`);
  return Number(row?.n ?? 0);
}

async function mailboxFigures(db: Database["db"]) {
  const [row] = await executeRows<{ delivered: number; distinct_recipients: number; unwanted: number }>(
    db,
    sql`
      select count(*)::int as delivered,
             count(distinct "to")::int as distinct_recipients,
             count(*) filter (where "to" like 'skip%')::int as unwanted
      from mailbox_messages`,
  );
  return { delivered: row!.delivered, distinctRecipients: row!.distinct_recipients, unwanted: row!.unwanted };
}

/** Seeds a fresh database, runs the announcement job once, checks and returns the figures. */
export async function runFanout(opts: FanoutOptions = {}): Promise<FanoutFigures> {
  const engine = opts.engine ?? "postgres";
  const mailerKind = opts.mailer ?? "resend";
  const n = opts.shoppers ?? 100_000;
  const { database, drop } = await openEngine(engine, opts.pgUrl ?? DEFAULT_PG_URL);
  const ownSink = mailerKind === "resend" && !opts.sink ? await startFanoutSink() : undefined;
  const sink = opts.sink ?? ownSink;
  try {
    const db = database.db;
    const s0 = performance.now();
    const brand = await seedBrand(db, { name: "Bench Outfitters" });
    const { codeId } = await seedCode(db, brand.brandId, { code: `FANOUT${randomBytes(3).toString("hex").toUpperCase()}`, percent: 15 });
    await seedShoppers(db, brand.brandId, n);
    await db.execute(sql`analyze`);
    const seedSeconds = (performance.now() - s0) / 1000;

    let inner: Mailer;
    if (mailerKind === "resend") {
      await sink!.reset();
      inner = createResendMailer({ apiKey: sink!.apiKey, baseUrl: sink!.url, from });
    } else {
      inner = createMailboxMailer({ db, from });
    }
    // Counts the batch calls the job has in flight at once (the mailer itself is untouched).
    let inFlight = 0;
    let maxInFlight = 0;
    const mailer: Mailer = {
      kind: inner.kind,
      send: (m, o) => inner.send(m, o),
      async sendBatch(ms, o) {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          return await inner.sendBatch(ms, o);
        } finally {
          inFlight--;
        }
      },
    };
    const ports: NotificationPorts = {
      db,
      mailer,
      clock: systemClock,
      appUrl: "https://discounts.test",
      unsubscribeSecret: "bench-fanout-secret-0123456789",
      ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
    };
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const sinkCpu0 = sink ? (await sink.stats()).cpuSeconds : 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await announceCode(ports, { codeId });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    loop.disable();

    const [pending] = await executeRows<{ n: number }>(db, sql`select count(*)::int as n from email_deliveries where provider_message_id is null`);
    let delivered: number;
    let distinctRecipients: number;
    let duplicates: number;
    let unwanted: number;
    let extra: Pick<FanoutFigures, "requests" | "maxBatch"> = {};
    let sinkCpu: number | undefined;
    if (mailerKind === "resend") {
      const st = await sink!.stats();
      delivered = st.emails;
      distinctRecipients = st.distinct;
      duplicates = st.duplicates;
      unwanted = st.flagged;
      extra = { requests: st.requests, maxBatch: st.maxBatch };
      sinkCpu = Math.round((st.cpuSeconds - sinkCpu0) * 10) / 10;
    } else {
      const m = await mailboxFigures(db);
      delivered = m.delivered;
      distinctRecipients = m.distinctRecipients;
      duplicates = m.delivered - m.distinctRecipients;
      unwanted = m.unwanted;
    }
    const ms = (v: number) => Math.round(v / 1e5) / 10;
    const figures: FanoutFigures = {
      engine,
      mailer: mailerKind,
      shoppers: n,
      sent: result.sent,
      batches: result.batches,
      seconds: Math.round(seconds * 100) / 100,
      emailsPerSecond: Math.round(result.sent / seconds),
      seedSeconds: Math.round(seedSeconds * 10) / 10,
      delivered,
      distinctRecipients,
      duplicates,
      unwanted,
      unconfirmed: pending!.n,
      ...extra,
      maxInFlight,
      cpuSeconds: { job: Math.round((cpu.user + cpu.system) / 1e5) / 10, ...(sinkCpu !== undefined ? { sink: sinkCpu } : {}) },
      loadAverage: Math.round(os.loadavg()[0]! * 10) / 10,
      eventLoopDelayMs: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
      ok: false,
    };
    figures.ok =
      result.sent === n && delivered === n && distinctRecipients === n && duplicates === 0 && unwanted === 0 && figures.unconfirmed === 0;
    return figures;
  } finally {
    await ownSink?.close();
    await drop();
  }
}

export function formatFigures(f: FanoutFigures): string {
  const via =
    f.mailer === "resend"
      ? `Resend API (local sink): ${f.requests} batch calls, ≤ ${f.maxBatch} per call, ≤ ${f.maxInFlight} in flight`
      : `local mailbox, ≤ ${f.maxInFlight} call in flight`;
  return (
    `${f.engine.padEnd(8)} ${f.mailer.padEnd(7)} ${f.sent.toLocaleString("en-GB")} emails in ${f.seconds.toFixed(1)} s = ` +
    `${f.emailsPerSecond.toLocaleString("en-GB")} emails/s (${f.batches} pages; ${via}; seeded in ${f.seedSeconds} s) — ` +
    `CPU: job ${f.cpuSeconds.job} s${f.cpuSeconds.sink !== undefined ? `, sink ${f.cpuSeconds.sink} s` : ""}; load average ${f.loadAverage} — ` +
    `event loop delay p50 ${f.eventLoopDelayMs.p50} ms, p99 ${f.eventLoopDelayMs.p99} ms, max ${f.eventLoopDelayMs.max} ms — ` +
    (f.ok
      ? `checked: ${f.distinctRecipients.toLocaleString("en-GB")} shoppers once each, 0 duplicates, 0 to opted-out/unverified, 0 unconfirmed`
      : `CHECK FAILED: ${JSON.stringify({ delivered: f.delivered, distinct: f.distinctRecipients, duplicates: f.duplicates, unwanted: f.unwanted, unconfirmed: f.unconfirmed })}`)
  );
}

function settings() {
  return {
    shoppers: Number(process.env.SHOPPERS ?? 100_000),
    engines: (process.env.ENGINES ?? "postgres,pglite").split(",").filter(Boolean) as FanoutEngine[],
    mailers: (process.env.MAILERS ?? "resend").split(",").filter(Boolean) as FanoutMailer[],
    pgUrl: process.env.BENCH_DATABASE_URL ?? DEFAULT_PG_URL,
    pageSize: process.env.PAGE_SIZE ? Number(process.env.PAGE_SIZE) : undefined,
  };
}

/** Every engine × mailer of the environment's settings, one after the other. */
export async function runAll(onFigures?: (f: FanoutFigures) => void): Promise<FanoutFigures[]> {
  const { shoppers, engines, mailers, pgUrl, pageSize } = settings();
  const sink = mailers.includes("resend") ? await startFanoutSink() : undefined;
  const all: FanoutFigures[] = [];
  try {
    for (const engine of engines) {
      for (const mailer of mailers) {
        const f = await runFanout({ engine, mailer, shoppers, pgUrl, pageSize, sink });
        onFigures?.(f);
        all.push(f);
      }
    }
  } finally {
    await sink?.close();
  }
  return all;
}

/** The figures as a markdown table (bench/run.ts). */
export async function markdown(): Promise<string[]> {
  const all = await runAll();
  return [
    "Command: `npx tsx bench/notifications-fanout.ts` (in-process announceCode, the in-process worker's path; Resend adapter against a local Resend-compatible sink in its own process).",
    "",
    "| engine | mailer | shoppers | seconds | emails/s | pages | duplicates | job CPU s | load avg | event-loop p99 | check |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...all.map(
      (f) =>
        `| ${f.engine} | ${f.mailer} | ${f.shoppers.toLocaleString("en-GB")} | ${f.seconds.toFixed(1)} | ${f.emailsPerSecond.toLocaleString("en-GB")} | ${f.batches} | ${f.duplicates} | ${f.cpuSeconds.job} | ${f.loadAverage} | ${f.eventLoopDelayMs.p99} ms | ${f.ok ? "ok" : "FAILED"} |`,
    ),
  ];
}

async function main() {
  const all = await runAll((f) => report(formatFigures(f)));
  if (all.some((f) => !f.ok)) process.exitCode = 1;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (e: unknown) => {
      log.error({ err: summarizeError(e) }, "notifications-fanout.ts failed");
      process.exit(1);
    },
  );
}
