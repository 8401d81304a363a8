// The retry schedule of API.md: ~10 s, 1 min, 5 min, 30 min, 2 h, then every 6 h until 24 h.
import { describe, expect, it } from "vitest";
import { nextAttemptAt } from "./schedule";

describe("nextAttemptAt", () => {
  it("follows the schedule and gives up 24 h after the message was created", () => {
    const createdAt = new Date("2026-11-30T00:00:00Z");
    let now = createdAt;
    const gaps: number[] = [];
    for (let attempt = 1; attempt < 20; attempt++) {
      const next = nextAttemptAt({ createdAt, attempt, now });
      if (!next) break;
      gaps.push((next.getTime() - now.getTime()) / 1000);
      now = next;
    }
    expect(gaps).toEqual([10, 60, 300, 1800, 7200, 21600, 21600, 21600]);
    expect(now.getTime() - createdAt.getTime()).toBeLessThanOrEqual(24 * 3600_000);
  });
});
