// What a command-line script, a bench or a test prints for a person to read: plain text, not the
// JSON log lines, but through here so it is redacted like every log line (a figure line can carry
// a connection string or a token). Failures with an error object go to `log` (lib/log) instead.
import { format } from "node:util";
import { redact } from "./index";

/** A line of a script's report on stdout. */
export function report(...parts: unknown[]): void {
  process.stdout.write(`${redact(format(...parts))}\n`);
}

/** A script's message to its user on stderr (a refusal, a usage line). */
export function reportError(...parts: unknown[]): void {
  process.stderr.write(`${redact(format(...parts))}\n`);
}
