import { afterEach, describe, expect, it, vi } from "vitest";
import { startSweeper } from "./sweeper";

describe("startSweeper", () => {
  afterEach(() => vi.useRealTimers());

  it("runs every task on each tick, keeps going after a task fails, and stops when told", async () => {
    vi.useFakeTimers();
    const runs: string[] = [];
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
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
    expect(errors).toHaveBeenCalledTimes(3);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toHaveLength(3);
    errors.mockRestore();
  });
});
