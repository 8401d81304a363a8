// The test server itself: it must route like Next (so route tests mean something).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../lib/db";
import { testDatabases } from "./db";
import { testDeps } from "./fixtures";
import { apiRoutes, startTestServer, type TestServer } from "./http";

describe.each(testDatabases().slice(0, 1))("test server on $name", ({ open }) => {
  let database: Database;
  let server: TestServer;
  beforeAll(async () => {
    database = await open();
    server = await startTestServer(testDeps(database), { allowedOrigins: ["https://shop.example.com"] });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it("discovers the route modules under app/api with their methods", async () => {
    const routes = await apiRoutes();
    expect(routes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pattern: "/api/v1/auth/token", methods: ["GET", "POST", "DELETE"] }),
        expect.objectContaining({ pattern: "/api/v1/auth/register", methods: ["POST"] }),
        expect.objectContaining({ pattern: "/api/auth/[...nextauth]", methods: ["GET", "POST"] }),
      ]),
    );
  });

  it("serves /x and /x/ alike, with no redirect", async () => {
    for (const path of ["/api/v1/health", "/api/v1/health/"]) {
      const res = await fetch(server.url + path, { redirect: "manual" });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "ok" });
    }
  });

  it("fills catch-all params (next-auth's /api/auth/[...nextauth])", async () => {
    const res = await fetch(`${server.url}/api/auth/providers`);
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveProperty("credentials");
  });

  it("405 with Allow for a method the module does not export, 404 for no route", async () => {
    const res = await fetch(`${server.url}/api/v1/auth/register`, { method: "PUT" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("OPTIONS, POST");
    expect(await res.json()).toMatchObject({ code: "method_not_allowed", status: 405 });
    const none = await fetch(`${server.url}/api/v1/nope`);
    expect(none.status).toBe(404);
    expect(none.headers.get("content-type")).toBe("application/problem+json");
    expect(await none.json()).toMatchObject({ code: "not_found" });
  });

  it("answers a CORS preflight to /api/v1 as proxy.ts does", async () => {
    const res = await fetch(`${server.url}/api/v1/auth/token`, {
      method: "OPTIONS",
      headers: { origin: "https://shop.example.com", "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
    expect(res.headers.get("access-control-allow-headers")).toContain("Authorization");
    const actual = await fetch(`${server.url}/api/v1/auth/token`, { headers: { origin: "https://shop.example.com" } });
    expect(actual.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
    expect(actual.headers.get("access-control-expose-headers")).toBe("x-request-id, retry-after, idempotent-replayed");
  });
});
