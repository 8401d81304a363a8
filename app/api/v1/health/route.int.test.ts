// GET /api/v1/health on every stack: each dependency is probed, a down usage ledger is a 503.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, discountStacks, type DiscountStack } from "@/test/discount-fixtures";
import { testDeps } from "@/test/fixtures";
import { startTestServer, type TestServer } from "@/test/http";

describe.each(discountStacks())("GET /api/v1/health on $name", ({ open, ledgerKind }) => {
  let stack: DiscountStack;
  let server: TestServer;

  beforeAll(async () => {
    stack = await open();
    server = await startTestServer(testDeps(stack.database, { ledger: stack.ledger }));
  });
  afterAll(async () => {
    await server?.close();
    await stack?.close();
  });

  it("200 { status: ok, db: ok, ledger: ok }, with and without a trailing slash", async () => {
    for (const path of ["/api/v1/health", "/api/v1/health/"]) {
      const res = await apiClient(server.url).get(path);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: "ok", db: "ok", ledger: "ok" });
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  if (ledgerKind === "upstash") {
    it("503 with ledger: down while Redis does not answer", async () => {
      stack.bridge!.setDown(true);
      try {
        const res = await apiClient(server.url).get("/api/v1/health");
        expect(res.status).toBe(503);
        expect(res.body).toEqual({ status: "degraded", db: "ok", ledger: "down" });
      } finally {
        stack.bridge!.setDown(false);
      }
    });
  }
});
