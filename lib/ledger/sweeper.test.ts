import { afterEach, describe, expect, it, vi } from "vitest";
import { setLogSink } from "../log";
import { startSweeper } from "./sweeper";

describe("startSweeper", () => {
  afterEach(() => vi.useRealTimers());

  it("runs every task on each tick, keeps going after a task fails, and stops when told", async () => {
    vi.useFakeTimers();
    const runs: string[] = [];
    const lines: string[] = [];
    const restore = setLogSink({ write: (l: string) => lines.push(l) }, { level: "info" });
    const stop = startSweeper(
      [
        { name: "failing", run: async () => Promise.reject(new Error("boom")) },
        {
          name: "claims",
          run: async (now) => {
            runs.push(`claims@${now.getTime()}`);
            return 1;
          },
        },
      ],
      { everyMs: 1000, clock: () => new Date(42) },
    );
    await vi.advanceTimersByTimeAsync(3000);
    expect(runs).toEqual(["claims@42", "claims@42", "claims@42"]);
    const errors = lines.map((l) => JSON.parse(l) as { level: string; task?: string }).filter((l) => l.level === "error");
    expect(errors).toHaveLength(3);
    expect(errors[0]!.task).toBe("failing");
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toHaveLength(3);
    restore();
  });
});
