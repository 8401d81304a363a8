import { describe, expect, it } from "vitest";
import type { Db } from "../db";
import { ledgerFromEnv } from "./index";

const db = {} as Db; // never queried: choosing a ledger touches no store

describe("ledgerFromEnv", () => {
  it("is Upstash when both UPSTASH_REDIS_REST_URL and _TOKEN are set", () => {
    expect(ledgerFromEnv({ UPSTASH_REDIS_REST_URL: "https://x.upstash.io", UPSTASH_REDIS_REST_TOKEN: "t" }, db).kind).toBe("upstash");
  });

  it.each([{}, { UPSTASH_REDIS_REST_URL: "https://x.upstash.io" }, { UPSTASH_REDIS_REST_TOKEN: "t" }])(
    "is the database otherwise (%j)",
    (e) => {
      expect(ledgerFromEnv(e, db).kind).toBe("database");
    },
  );
});
