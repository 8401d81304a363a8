// One structured logger (pino, JSON lines on stdout) and one way to describe an error without
// leaking what it carries. Database errors are described by their SQL state, constraint and the
// driver's message — never drizzle's "Failed query: … params: …" text, never the driver's
// `detail` ("Key (email)=(…) already exists"); any text that still reaches a log line or
// outbox_events.last_error passes through redact(): emails, API tokens, argon2 hashes, long hex
// strings (token hashes, code ids) and discount codes after the word "code" are masked.
import pino from "pino";

const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info");

/** Where log lines go: stdout, unless a test installed a sink (setLogSink). */
let sink: { write(line: string): unknown } | undefined;
const destination = {
  write(line: string) {
    (sink ?? process.stdout).write(line);
  },
};

export const log = pino({
  level,
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  // `err` is always a summary (type, SQL state, constraint, redacted message): a raw Error passed
  // here is summarized, never serialized with its stack, `detail` or drizzle's bound parameters.
  serializers: { err: (e: unknown) => (e instanceof Error ? summarizeError(e) : e) },
  // Structured fields that must never be written, wherever a caller puts them.
  redact: {
    paths: [
      "password",
      "*.password",
      "passwordHash",
      "*.passwordHash",
      "token",
      "*.token",
      "tokenHash",
      "*.tokenHash",
      "authorization",
      "*.authorization",
      "cookie",
      "*.cookie",
      "email",
      "*.email",
      "to",
      "*.to",
    ],
    censor: "[redacted]",
  },
}, destination);

/**
 * Tests: send every line to this sink (and log from `level` up) until the returned function is
 * called, which restores stdout and the previous level.
 */
export function setLogSink(next: { write(line: string): unknown }, opts: { level?: pino.LevelWithSilent } = {}): () => void {
  const previous = { sink, level: log.level };
  sink = next;
  if (opts.level) log.level = opts.level;
  return () => {
    sink = previous.sink;
    log.level = previous.level;
  };
}

/** The level of a request's log line: server errors are errors, refusals warnings, the rest info. */
export function levelForStatus(status: number): "error" | "warn" | "info" {
  return status >= 500 ? "error" : status >= 400 ? "warn" : "info";
}

export interface RequestLogFields {
  requestId: string;
  method: string;
  /** The route pattern (`/api/v1/discountcode/[id]`), never the raw path with its values. */
  route: string;
  status: number;
  durationMs: number;
}

/** One line per API request (lib/http/pipeline.ts). */
export function logRequest(fields: RequestLogFields): void {
  const level = levelForStatus(fields.status);
  if (log.isLevelEnabled(level)) log[level](fields, "request");
}

export type Logger = typeof log;

const PATTERNS: [RegExp, string][] = [
  [/\$argon2[a-z]*\$[^\s"',)]+/gi, "[argon2-hash]"],
  [/\bdsc_[A-Za-z0-9_-]+/g, "dsc_[redacted]"],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, "whsec_[redacted]"],
  // Credentials in a URL (`postgres://user:password@host`).
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, "$1[credentials]@"],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, "[email]"],
  [/\b[0-9a-f]{32,}\b/gi, "[hex]"],
  [/\beyJ[A-Za-z0-9_-]{10,}(\.[A-Za-z0-9_-]+)*/g, "[jwt]"],
];

/** Masks secrets and personal data in free text. */
export function redact(text: string): string {
  let out = text;
  for (const [re, to] of PATTERNS) out = out.replace(re, to);
  return out;
}

interface DriverErrorLike {
  code?: unknown;
  constraint_name?: unknown;
  constraint?: unknown;
  table_name?: unknown;
  table?: unknown;
  message?: unknown;
  name?: unknown;
  cause?: unknown;
  errno?: unknown;
}

/** The error's chain, outermost first (drizzle wraps the driver's error as `cause`). */
function chain(e: unknown): DriverErrorLike[] {
  const out: DriverErrorLike[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur && typeof cur === "object"; i++) {
    out.push(cur as DriverErrorLike);
    cur = (cur as DriverErrorLike).cause;
  }
  return out;
}

/** The SQLSTATE of a database error, through the wrappers drivers and drizzle put around it. */
export function sqlState(e: unknown): string | undefined {
  for (const link of chain(e)) {
    if (typeof link.code === "string" && /^[0-9A-Z]{5}$/.test(link.code)) return link.code;
  }
  return undefined;
}

export interface ErrorSummary {
  /** The error class (`PostgresError`, `TypeError`, …). */
  type: string;
  /** SQLSTATE for database errors; a system code (`ECONNRESET`) for socket errors. */
  code?: string;
  constraint?: string;
  table?: string;
  /** The message, without bound parameters, redacted. */
  message: string;
}

/** What may be logged or stored about an error. */
export function summarizeError(e: unknown): ErrorSummary {
  const links = chain(e);
  // The innermost link with a code is the driver's own error; drizzle's wrapper text (the query and
  // its parameters) is never used.
  const driver = [...links].reverse().find((l) => typeof l.code === "string") ?? links[links.length - 1];
  if (!driver) return { type: typeof e, message: redact(String(e)) };
  const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  const rawMessage = str(driver.message) ?? "";
  const message = redact(/^Failed query:/.test(rawMessage) ? "query failed" : rawMessage.split("\n")[0]!);
  const summary: ErrorSummary = {
    type: str(driver.name) ?? (driver as object).constructor?.name ?? "Error",
    message,
  };
  const code = str(driver.code);
  if (code) summary.code = code;
  const constraint = str(driver.constraint_name) ?? str(driver.constraint);
  if (constraint) summary.constraint = constraint;
  const table = str(driver.table_name) ?? str(driver.table);
  if (table) summary.table = table;
  return summary;
}

/** One line for a text column (`outbox_events.last_error`): `PostgresError 23505 (constraint): message`. */
export function describeError(e: unknown): string {
  const s = summarizeError(e);
  const head = [s.type, s.code, s.constraint ? `(${s.constraint})` : undefined].filter(Boolean).join(" ");
  return `${head}: ${s.message}`.slice(0, 500);
}
