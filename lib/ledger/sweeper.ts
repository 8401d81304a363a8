// Housekeeping on a timer: deletes usage claims whose code has ended (the database ledger; Redis
// expires its own) and whatever else the caller adds (idempotency keys past 24 h). Runs in the
// background of a server process; the timer never keeps a process alive.
import { log, summarizeError } from "../log";

export interface SweepTask {
  name: string;
  run(now: Date): Promise<number>;
}

export const SWEEP_EVERY_MS = 10 * 60 * 1000;

export function startSweeper(tasks: SweepTask[], opts: { everyMs?: number; clock?: () => Date } = {}): () => void {
  const clock = opts.clock ?? (() => new Date());
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const task of tasks) {
        try {
          await task.run(clock());
        } catch (e) {
          log.error({ task: task.name, err: summarizeError(e) }, "sweeper task failed");
        }
      }
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), opts.everyMs ?? SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
