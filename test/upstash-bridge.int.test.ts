// The bridge speaks enough of Upstash's REST protocol for @upstash/redis to run unchanged against
// the real Redis at TEST_REDIS_URL (the ledger suites rely on it).
import { randomBytes } from "node:crypto";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisUrlFor } from "./skipped-suites";
import { encodeResult, startUpstashBridge, type UpstashBridge } from "./upstash-bridge";

const redisUrl = redisUrlFor("the bridge on real Redis");

describe("Upstash REST bridge: the protocol around the commands", () => {
  let bridge: UpstashBridge;
  // Nothing here reaches Redis (the bridge connects on its first command), so it runs everywhere.
  beforeAll(async () => {
    bridge = await startUpstashBridge({ redisUrl: redisUrl ?? "redis://127.0.0.1:1/0" });
  });
  afterAll(async () => bridge?.close());

  const post = (
    path: string,
    body: string,
    headers: Record<string, string> = { authorization: `Bearer ${bridge.token}` },
  ) => fetch(bridge.url + path, { method: "POST", headers, body });

  it("refuses a missing or wrong token with 401, other methods with 405, unknown paths with 404", async () => {
    expect((await post("/", '["ping"]', {})).status).toBe(401);
    expect((await post("/", '["ping"]', { authorization: "Bearer nope" })).status).toBe(401);
    expect(await (await post("/", '["ping"]', {})).json()).toEqual({ error: "Unauthorized" });
    expect((await fetch(bridge.url, { headers: { authorization: `Bearer ${bridge.token}` } })).status).toBe(405);
    expect((await post("/nope", '["ping"]')).status).toBe(404);
  });

  it("answers a body that is not a command with 400", async () => {
    expect((await post("/", "{not json")).status).toBe(400);
    expect((await post("/", '{"a":1}')).status).toBe(400);
    expect((await post("/pipeline", "[]")).status).toBe(400);
    expect((await post("/multi-exec", '[["get","k"], 5]')).status).toBe(400);
  });

  it("encodes replies as Upstash does: strings (base64 when asked), integers, null, flat arrays", () => {
    expect(encodeResult(Buffer.from("ab"), true)).toBe("YWI=");
    expect(encodeResult(Buffer.from("ab"), false)).toBe("ab");
    expect(encodeResult(42, true)).toBe(42);
    expect(encodeResult(null, true)).toBeNull();
    expect(encodeResult([Buffer.from("a"), null, [7, "b"]], true)).toEqual(["YQ==", null, [7, "Yg=="]]);
    expect(encodeResult({ f: Buffer.from("v") }, false)).toEqual(["f", "v"]); // ioredis's HGETALL object
  });
});

// The commands themselves, against the real Redis (TEST_REDIS_URL; always set in CI).
if (redisUrl)
  describe("Upstash REST bridge on real Redis", () => {
    let bridge: UpstashBridge;
    let redis: Redis;
    const p = `t:${randomBytes(6).toString("hex")}:`;

    beforeAll(async () => {
      bridge = await startUpstashBridge({ redisUrl: redisUrl! });
      redis = new Redis({ url: bridge.url, token: bridge.token, enableAutoPipelining: false });
    });
    afterAll(async () => {
      const keys = await redis.keys(`${p}*`);
      if (keys.length) await redis.del(...keys);
      await bridge?.close();
    });

    it("runs single commands: SET NX EXAT, GET, TTL, DEL", async () => {
      const exat = Math.floor(Date.now() / 1000) + 100;
      expect(await redis.set(`${p}a`, "hello", { nx: true, exat })).toBe("OK");
      expect(await redis.set(`${p}a`, "again", { nx: true, exat })).toBeNull();
      expect(await redis.get(`${p}a`)).toBe("hello");
      const ttl = await redis.ttl(`${p}a`);
      expect(ttl).toBeGreaterThan(90);
      expect(ttl).toBeLessThanOrEqual(100);
      expect(await redis.del(`${p}a`)).toBe(1);
      expect(await redis.get(`${p}a`)).toBeNull();
    });

    it("decodes base64 strings, also inside arrays, and numbers as numbers", async () => {
      await redis.set(`${p}n`, "123");
      expect(await redis.get(`${p}n`)).toBe(123); // the client's automatic deserialisation
      await redis.hset(`${p}h`, { f1: "ünïcödé ✓", f2: "x" });
      expect(await redis.hgetall(`${p}h`)).toEqual({ f1: "ünïcödé ✓", f2: "x" });
      expect(await redis.hsetnx(`${p}h`, "f1", "y")).toBe(0);
      expect(await redis.incr(`${p}c`)).toBe(1);
    });

    it("runs scripts: EVAL, and EVALSHA falling back to EVAL after NOSCRIPT", async () => {
      expect(await redis.eval("return ARGV[1]", [], ["hi"])).toBe("hi");
      const script = redis.createScript<number>(`return redis.call('INCRBY', KEYS[1], ARGV[1]) + ${Math.random()} * 0`);
      expect(await script.exec([`${p}s`], ["5"])).toBe(5); // first run: NOSCRIPT → EVAL
      expect(await script.exec([`${p}s`], ["2"])).toBe(7); // now cached: EVALSHA
    });

    it("runs pipelines with per-command errors, and MULTI/EXEC transactions", async () => {
      await redis.set(`${p}str`, "v");
      const results = await redis
        .pipeline()
        .incr(`${p}pc`)
        .hget(`${p}str`, "f")
        .get(`${p}str`)
        .exec({ keepErrors: true });
      expect(results[0]).toEqual({ error: undefined, result: 1 });
      expect(results[1]!.error).toMatch(/WRONGTYPE/);
      expect(results[2]!.result).toBe("v");
      const tx = await redis.multi().incr(`${p}mc`).incr(`${p}mc`).expire(`${p}mc`, 100).exec();
      expect(tx).toEqual([1, 2, 1]);
      expect(bridge.requests["/multi-exec"]).toBeGreaterThan(0);
      expect(bridge.requests["/pipeline"]).toBeGreaterThan(0);
    });

    it("answers a Redis error with 400 and the client raises it", async () => {
      await expect(redis.hget(`${p}str`, "f")).rejects.toThrow(/WRONGTYPE/);
    });

    it("refuses a wrong or missing token", async () => {
      const bad = new Redis({ url: bridge.url, token: "wrong", retry: false });
      await expect(bad.get(`${p}a`)).rejects.toThrow(/Unauthorized/);
      const raw = await fetch(bridge.url, { method: "POST", body: JSON.stringify(["ping"]) });
      expect(raw.status).toBe(401);
    });

    it("encodes results the way Upstash does", async () => {
      const res = await fetch(`${bridge.url}/pipeline`, {
        method: "POST",
        headers: { authorization: `Bearer ${bridge.token}`, "upstash-encoding": "base64" },
        body: JSON.stringify([
          ["set", `${p}e`, "ab"],
          ["mget", `${p}e`, `${p}missing`],
          ["incrby", `${p}ei`, 3],
        ]),
      });
      expect(await res.json()).toEqual([{ result: "T0s=" }, { result: ["YWI=", null] }, { result: 3 }]);
      const plain = await fetch(bridge.url, {
        method: "POST",
        headers: { authorization: `Bearer ${bridge.token}` },
        body: JSON.stringify(["get", `${p}e`]),
      });
      expect(await plain.json()).toEqual({ result: "ab" });
    });
  });
