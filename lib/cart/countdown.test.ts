import { describe, expect, it } from "vitest";
import { countdownWords, formatCountdown, localDeadline, secondsLeft } from "./countdown";

describe("hold countdown", () => {
  const now = Date.parse("2026-11-30T12:00:00.000Z");
  it("counts whole seconds up, never below zero", () => {
    expect(secondsLeft("2026-11-30T12:15:00.000Z", now)).toBe(900);
    expect(secondsLeft("2026-11-30T12:00:00.200Z", now)).toBe(1);
    expect(secondsLeft("2026-11-30T11:59:00.000Z", now)).toBe(0);
    expect(secondsLeft("not a date", now)).toBe(0);
  });
  it("formats as m:ss and in words", () => {
    expect(formatCountdown(900)).toBe("15:00");
    expect(formatCountdown(9)).toBe("0:09");
    expect(formatCountdown(3600)).toBe("1:00:00");
    expect(countdownWords(845)).toBe("14 minutes 5 seconds");
    expect(countdownWords(60)).toBe("1 minute");
    expect(countdownWords(0)).toBe("0 seconds");
  });
});

describe("localDeadline", () => {
  it("counts the server's hold length from the moment this device received it", () => {
    const usage = { usedAt: "2026-11-30T12:00:00.000Z", expiresAt: "2026-11-30T12:15:00.000Z" };
    // A device clock one hour ahead still gets 15 minutes.
    const deviceNow = Date.parse("2026-11-30T13:00:02.000Z");
    expect(localDeadline(usage, deviceNow)).toBe(deviceNow + 900_000);
    expect(secondsLeft(new Date(localDeadline(usage, deviceNow)!), deviceNow)).toBe(900);
  });
  it("falls back to expiresAt, and is null without one", () => {
    expect(localDeadline({ expiresAt: "2026-11-30T12:15:00.000Z" }, 0)).toBe(Date.parse("2026-11-30T12:15:00.000Z"));
    expect(localDeadline({ usedAt: "2026-11-30T12:00:00.000Z", expiresAt: null })).toBeNull();
  });
});
