import { describe, expect, it } from "vitest";
import { TtlCache } from "./ttl-cache";

const minute = 60_000;

describe("TtlCache", () => {
  it("shares one load among concurrent callers of a key, and keeps its value", async () => {
    const cache = new TtlCache<number>({ ttlMs: minute, maxEntries: 10 });
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get("k", load), cache.get("k", load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    expect(await cache.get("k", load)).toBe(1);
  });

  it("forgets a failed load and a value `keep` refuses: the next caller loads again", async () => {
    const cache = new TtlCache<number | null>({ ttlMs: minute, maxEntries: 10, keep: (v) => v !== null });
    await expect(cache.get("k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("k", async () => null)).toBeNull();
    expect(await cache.get("k", async () => 7)).toBe(7);
    expect(await cache.get("k", async () => 8)).toBe(7);
  });

  it("loads again once an entry is older than ttlMs", async () => {
    const cache = new TtlCache<number>({ ttlMs: 5, maxEntries: 10 });
    await cache.get("k", async () => 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(await cache.get("k", async () => 2)).toBe(2);
  });

  it("drops the oldest entry past maxEntries; deleteWhere drops matching and still-loading entries", async () => {
    const cache = new TtlCache<string>({ ttlMs: minute, maxEntries: 2 });
    await cache.get("a", async () => "a");
    await cache.get("b", async () => "b");
    await cache.get("c", async () => "c");
    expect(await cache.get("a", async () => "a2")).toBe("a2"); // "a" was evicted for "c"

    const users = new TtlCache<string>({ ttlMs: minute, maxEntries: 10 });
    await users.get("t1", async () => "alice");
    await users.get("t2", async () => "bob");
    let release: (value: string) => void = () => {};
    void users.get("t3", () => new Promise<string>((r) => (release = r)));
    users.deleteWhere((v) => v === "alice");
    expect(await users.get("t1", async () => "alice again")).toBe("alice again");
    expect(await users.get("t2", async () => "bob again")).toBe("bob");
    expect(await users.get("t3", async () => "fresh")).toBe("fresh");
    release("stale");
  });
});
