// The OpenAPI document is valid OpenAPI 3.1 (checked by a validator library), covers every API
// route and method there is, and is served at GET /api/v1/openapi.json.
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testDatabases } from "@/test/db";
import { testDeps } from "@/test/fixtures";
import { apiRoutes, startTestServer, type TestServer } from "@/test/http";
import { errorCodes } from "../errors";
import { openApiDocument } from "./document";

describe("the OpenAPI document", () => {
  const doc = openApiDocument();

  it("validates as OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("documents every route and method under app/api/v1, and nothing else", async () => {
    const served = (await apiRoutes())
      .filter((r) => r.pattern.startsWith("/api/v1/"))
      .flatMap((r) => r.methods.filter((m) => m !== "OPTIONS" && m !== "HEAD").map((m) => `${m} ${r.pattern.replace(/\[(\w+)\]/g, "{$1}")}`));
    const documented = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item as object)
        .filter((k) => ["get", "post", "put", "patch", "delete"].includes(k))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(served.sort());
  });

  it("lists every error code in the problem schema", () => {
    const problem = doc.components?.schemas?.Problem as { properties: { code: { enum: string[] } } };
    expect(problem.properties.code.enum.sort()).toEqual(Object.keys(errorCodes).sort());
  });
});

describe.each(testDatabases())("GET /api/v1/openapi.json on $name", ({ open }) => {
  let database: Database;
  let server: TestServer;
  beforeAll(async () => {
    database = await open();
    server = await startTestServer(testDeps(database));
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it("serves the document to anyone, cacheable", async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });
});
