// Hostile input never gets a 5xx (issue 9 item 5, API.md "General rules"). Property-based tests
// with fast-check over every route under app/api (apiRoutes(): a new route is covered without
// touching this file), in-process through test/http.ts's dispatchRequest() — Next's routing and
// proxy.ts's checks, no socket — as anonymous callers, a shopper and a brand admin (bearer tokens
// and a session cookie), so the body schemas and the handlers behind them are reached.
//
// Every answer: status < 500; every 4xx but HEAD's is application/problem+json with a `code`.
//
// Cases per route: FUZZ_RUNS, else 10,000 in CI (CI=true) and 300 locally. The routes are split
// between test/fuzz-api-1 and -2.int.test.ts (vitest runs the two files on two cores), each with
// one PGlite database. Each file prints cases, wall time and the answers' statuses per route.
//   FUZZ_RUNS=2000 npx vitest run test/fuzz-api-1.int.test.ts test/fuzz-api-2.int.test.ts
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type Database } from "../lib/db";
import { ROUTE_METHODS } from "../lib/http/methods";
import { openApiDocument } from "../lib/openapi/document";
import { createUser, issueToken, sessionCookie, TEST_AUTH_SECRET, testDeps, type TestUser } from "./fixtures";
import { apiRoutes, dispatchRequest, startTestServer, type ApiRoute, type TestServer } from "./http";

let mintTokens: (() => Promise<void>) | undefined;
const inCi = process.env.CI === "true" || process.env.CI === "1";
const RUNS = Number(process.env.FUZZ_RUNS ?? (inCi ? 10_000 : 300));
const ORIGIN = "http://127.0.0.1:3000";
const hex = (c: { minLength?: number; maxLength?: number }) => fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), ...c });
// Generous: 10,000 cases of one route take a minute or two on a slow shared machine.
const PROPERTY_TIMEOUT_MS = 900_000;

// The routes, known when the file loads, so each gets its own test (next-auth's module reads
// AUTH_SECRET when it loads).
process.env.AUTH_SECRET ??= TEST_AUTH_SECRET;
const routes = await apiRoutes();

// --- what a case is ---------------------------------------------------------------------------

interface Case {
  method: string;
  path: string;
  query: string;
  headers: [string, string][];
  body: string | Uint8Array | undefined;
}

interface Outcome {
  status: number;
  contentType: string;
  text: string;
}

// Credentials are placeholders in a case, filled in when it runs: a case that revokes its token
// (DELETE /auth/token) makes the world mint new ones, and shrinking replays stay meaningful.
const creds: Record<string, string> = {};
const CRED = {
  shopperToken: "«shopper-token»",
  brandToken: "«brand-token»",
  shopperCookie: "«shopper-cookie»",
  brandCookie: "«brand-cookie»",
} as const;
const fill = (v: string) => v.replace(/«[a-z-]+»/g, (m) => creds[m] ?? m);

async function run(c: Case): Promise<Outcome> {
  const headers = new Headers();
  for (const [k, v] of c.headers) headers.append(k, fill(v));
  const hasBody = c.body !== undefined && c.method !== "GET" && c.method !== "HEAD";
  const req = new NextRequest(new URL(c.path + c.query, ORIGIN), {
    method: c.method,
    headers,
    ...(hasBody ? { body: c.body } : {}),
  } as ConstructorParameters<typeof NextRequest>[1]);
  const res = await dispatchRequest(req);
  const out = {
    status: res.status,
    contentType: res.headers.get("content-type") ?? "",
    text: await res.text(),
  };
  if (c.method === "DELETE" && res.status === 204) await mintTokens?.();
  return out;
}

/** Why an answer breaks the rules, or null. */
function violation(c: Case, o: Outcome): string | null {
  if (o.status >= 500) return `${o.status} ${o.text.slice(0, 300)}`;
  // next-auth's own endpoints answer its own JSON errors (its client reads them): < 500 is the rule there.
  // Only /api answers problem+json (`/api/..` is `/` by the time it is routed).
  const routed = new URL(c.path, ORIGIN).pathname;
  if (o.status >= 400 && c.method !== "HEAD" && /^\/api(\/|$)/.test(routed) && !/^\/api\/auth(\/|$)/.test(routed)) {
    if (!o.contentType.startsWith("application/problem+json")) return `${o.status} with content-type "${o.contentType}"`;
    let body: { code?: unknown; status?: unknown };
    try {
      body = JSON.parse(o.text) as typeof body;
    } catch {
      return `${o.status} problem body is not JSON`;
    }
    if (typeof body.code !== "string" || body.status !== o.status)
      return `${o.status} problem without code/status: ${o.text.slice(0, 200)}`;
  }
  return null;
}

const describeCase = (c: Case) =>
  `${c.method} ${c.path.slice(0, 200)}${c.query.slice(0, 200)} headers=${JSON.stringify(c.headers).slice(0, 300)} body=${
    c.body === undefined ? "none" : typeof c.body === "string" ? JSON.stringify(c.body.slice(0, 300)) : `bytes(${c.body.length})`
  }`;

// --- generators -------------------------------------------------------------------------------

const METHODS = [...ROUTE_METHODS, "HEAD", "OPTIONS"] as const;
const controls = [
  "\u0000",
  "\u0001",
  "\u0007",
  "\b",
  "\t",
  "\n",
  "\r",
  "\u000b",
  "\u001b",
  "\u001f",
  "\u007f",
  "\u0085",
  "\u009f",
  "\u2028",
  "\u2029",
];
const lone = ["\ud800", "\udbff", "\udc00", "\udfff", "a\ud800b", "\udc00\ud800"];
const weird = [
  "\ufeff",
  "\u200b",
  "\u202e",
  "𝔘𝔫𝔦",
  "😀",
  "Ａ",
  "ǅ",
  "ß",
  "İ",
  "\u0301",
  "%00",
  "%zz",
  "' OR 1=1 --",
  "<script>",
  "../..",
  "$$",
  "\\",
  '"',
];

/** Strings that try the text rules: controls, lone surrogates, odd Unicode, huge. */
const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...controls, ...lone), fc.string({ maxLength: 10 }))
      .map((p) => p.join("")),
  },
  { weight: 1, arbitrary: fc.constantFrom(...weird) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 33, max: 20_000 }).map((n) => "x".repeat(n)),
  },
);

function validish(field: string, ctx: World): fc.Arbitrary<unknown> {
  const future = new Date(Date.now() + 86_400_000 * 30).toISOString();
  const user = fc.constantFrom(ctx.shopper, ctx.brand);
  switch (field) {
    case "email":
      return fc.oneof(
        fc.emailAddress(),
        user.map((u) => u.email),
        fc.constant(`fuzz-${randomBytes(4).toString("hex")}@example.test`),
      );
    case "password":
      return fc.oneof(fc.constant("correct horse battery"), fc.string({ minLength: 8, maxLength: 20 }));
    case "currentPassword": // never the real one: a changed password would revoke the world's sessions
    case "newPassword":
      return fc.string({ minLength: 8, maxLength: 20 });
    case "name":
    case "brandName":
      return fc.string({ minLength: 2, maxLength: 20 });
    case "role":
      return fc.constantFrom("shopper", "brand");
    case "code":
      return fc.oneof(fc.constantFrom(...ctx.codes), fc.stringMatching(/^[A-Z0-9_-]{3,32}$/));
    case "discount":
      return fc.integer({ min: 1, max: 100 });
    case "ruleId":
      return fc.integer({ min: 1, max: 5 });
    case "validUntil":
    case "validFrom":
      return fc.oneof(
        fc.constant(future),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      );
    case "brandId":
      return fc.constant(ctx.brand.brand!.id);
    case "userId":
      return user.map((u) => u.id);
    case "amount":
    case "unitAmount":
      return fc.integer({ min: 0, max: 1_000_000 });
    case "quantity":
      return fc.integer({ min: 1, max: 10 });
    case "currency":
      return fc.constantFrom("EUR", "usd", "XXX");
    case "notifyNewCodes":
      return fc.boolean();
    case "token":
      return fc.oneof(hex({ maxLength: 64 }), fc.string({ maxLength: 80 }));
    case "lines":
      return fc.array(fieldObject(["sku", "brandId", "unitAmount", "quantity", "currency"], ctx, 2), { maxLength: 3 });
    case "cart":
      return fieldObject(["currency", "lines"], ctx, 2);
    case "sku":
      return fc.string({ minLength: 1, maxLength: 10 });
    default:
      return fc.string({ maxLength: 10 });
  }
}

/** A value for a field: mostly right, sometimes the wrong type, a hostile string or deep junk. */
function fieldValue(field: string, ctx: World, depth: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: validish(field, ctx) },
    { weight: 3, arbitrary: nastyString },
    {
      weight: 2,
      arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({})),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308, -0, 2 ** 31, 2 ** 53 + 2),
    },
    { weight: depth > 0 ? 1 : 0, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

const ALL_FIELDS = [
  "email",
  "password",
  "name",
  "role",
  "brandName",
  "code",
  "discount",
  "ruleId",
  "validUntil",
  "validFrom",
  "brandId",
  "userId",
  "amount",
  "currency",
  "cart",
  "notifyNewCodes",
  "token",
];

/**
 * The body fields and query parameters of a route, from the OpenAPI document (itself generated from
 * the zod schemas): a new route's schema is fuzzed field by field without touching this file.
 */
function routeShape(pattern: string): { body: string[]; query: string[]; signedIn: boolean } {
  const doc = openApiDocument() as unknown as {
    paths: Record<
      string,
      Record<
        string,
        {
          requestBody?: {
            content?: Record<string, { schema?: { $ref?: string } }>;
          };
          parameters?: { in: string; name: string }[];
          security?: unknown[];
        }
      >
    >;
    components?: {
      schemas?: Record<string, { properties?: Record<string, unknown> }>;
    };
  };
  const ops = Object.values(doc.paths[pattern.replace(/\[([^\].]+)\]/g, "{$1}")] ?? {});
  const body = new Set<string>();
  const query = new Set<string>();
  // An operation that names its security explicitly needs a caller; checking credentials costs a
  // case ~3.5 ms (PGlite), so public routes get them in fewer cases.
  const signedIn = ops.some((op) => (op.security?.length ?? 0) > 0);
  for (const op of ops) {
    const ref = op.requestBody?.content?.["application/json"]?.schema?.$ref?.split("/").pop();
    for (const f of Object.keys((ref && doc.components?.schemas?.[ref]?.properties) ?? {})) body.add(f);
    for (const p of op.parameters ?? []) if (p.in === "query") query.add(p.name);
  }
  return { body: [...body], query: [...query], signedIn };
}

function fieldObject(fields: string[], ctx: World, depth = 3): fc.Arbitrary<Record<string, unknown>> {
  const entries = fields.map((f) =>
    fc.option(
      fieldValue(f, ctx, depth - 1).map((v) => [f, v] as const),
      { freq: 6, nil: undefined },
    ),
  );
  return fc
    .tuple(fc.tuple(...entries), fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }))
    .map(([known, extra]) => ({
      ...extra,
      ...Object.fromEntries(known.filter((e) => e !== undefined)),
    }));
}

/** JSON.stringify, then lone surrogates that stringify escaped back to raw \uD800 escapes (same thing) or raw. */
const jsonText = (v: unknown) => JSON.stringify(v) ?? "null";

function bodyArb(ctx: World, fields: string[]): fc.Arbitrary<string | Uint8Array | undefined> {
  const depth = fc.integer({ min: 100, max: 9000 });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant("") },
    {
      weight: fields.length ? 12 : 0,
      arbitrary: fieldObject(fields, ctx).map(jsonText),
    },
    { weight: 2, arbitrary: fieldObject(ALL_FIELDS, ctx).map(jsonText) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(jsonText) },
    {
      weight: 1,
      arbitrary: fc.anything({ maxDepth: 3 }).map((v) => {
        try {
          return jsonText(v);
        } catch {
          return "{}";
        }
      }),
    },
    // JSON-ish text: cut short, random, with a BOM, keys repeated, numbers out of range.
    {
      weight: 2,
      arbitrary: fc.tuple(fieldObject(ALL_FIELDS, ctx).map(jsonText), fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "{",
        "}",
        "[",
        "nul",
        "undefined",
        "NaN",
        "1e999999",
        '{"a":1,"a":2}',
        "\ufeff{}",
        '{"__proto__":{"x":1}}',
        '{"constructor":{"prototype":{}}}',
        "'{}'",
        '"\\u0000"',
        '{"name":"\\ud800"}',
        '{"email":"a\\u0000@b.c"}',
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
    // Deep nesting (still under 16 KiB) and over the size limit.
    { weight: 1, arbitrary: depth.map((d) => "[".repeat(d) + "]".repeat(d)) },
    {
      weight: 1,
      arbitrary: depth.map((d) => '{"a":'.repeat(Math.min(d, 3000)) + "1" + "}".repeat(Math.min(d, 3000))),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 16 * 1024 - 20, max: 40_000 }).map((n) => JSON.stringify({ name: "x".repeat(n) })),
    },
    // Bytes that are not UTF-8, and a multipart body that does not parse.
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        new Uint8Array([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x7d]),
        new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]),
        new Uint8Array([0xed, 0xa0, 0x80]),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('--x\r\ncontent-disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n', "garbage", "--x\r\n"),
    },
  );
}

const contentTypes = [
  "application/json",
  "application/json; charset=utf-8",
  "application/JSON",
  "application/problem+json",
  "application/merge-patch+json",
  "text/plain",
  "text/plain;charset=UTF-8",
  "multipart/form-data; boundary=x",
  "multipart/form-data",
  "application/x-www-form-urlencoded",
  "application/json; charset=latin1",
  "a/b/c",
  ";;;",
  "",
  "application/",
  "*/*",
];

/** Latin-1 header text without NUL/CR/LF (what a Headers object accepts). */
const headerText = (max: number) =>
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0xff }).map((n) => String.fromCharCode(n)),
    maxLength: max,
  });

function headersArb(ctx: World): fc.Arbitrary<[string, string][]> {
  const auth = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(ctx.shopperToken, ctx.brandToken).map((t) => `Bearer ${t}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "Bearer",
        "Bearer ",
        "bearer dsc_",
        "Basic Zm9vOmJhcg==",
        "Bearer dsc_" + "a".repeat(300),
        "Bearer  x y",
        "Token abc",
      ),
    },
    { weight: 1, arbitrary: headerText(80).map((s) => `Bearer ${s}`) },
    { weight: 1, arbitrary: headerText(80) },
  );
  const cookie = fc.oneof(
    fc.constant(ctx.shopperCookie),
    fc.constant(ctx.brandCookie),
    headerText(120).map((s) => `authjs.session-token=${s}`),
    fc.constant("authjs.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..x.y.z"),
  );
  const idem = fc.oneof(fc.uuid(), headerText(40), fc.constant(""), fc.constant("k".repeat(300)), fc.constant(" lead"));
  return fc
    .record(
      {
        "content-type": fc.oneof(
          { weight: 4, arbitrary: fc.constant("application/json") },
          { weight: 3, arbitrary: fc.constantFrom(...contentTypes) },
          { weight: 1, arbitrary: headerText(40) },
        ),
        authorization: auth,
        cookie,
        "idempotency-key": idem,
        "content-length": fc.constantFrom("0", "1", "99999999", "-1", "abc"),
        origin: fc.constantFrom("https://evil.example", "null", "http://127.0.0.1:3000"),
        "access-control-request-method": fc.constantFrom("POST", "DELETE"),
        "next-action": hex({ minLength: 1, maxLength: 42 }),
      },
      { requiredKeys: [] },
    )
    .map((h) => {
      const out = Object.entries(h).filter(([k]) => k !== "content-length") as [string, string][];
      return out;
    });
}

const malformedEscapes = [
  "%zz",
  "%",
  "A%",
  "%C0%AF",
  "%ED%A0%80",
  "%E0%80",
  "%FF",
  "%%",
  "%2",
  "%u0041",
  "%00",
  "%1F",
  "%7F",
  "%C2%80",
  "%E2%80%A8",
];

const segmentArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hex({ minLength: 64, maxLength: 64 }) },
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/) },
  { weight: 3, arbitrary: fc.constantFrom(...malformedEscapes) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.stringMatching(/^[A-Za-z0-9]{0,5}$/), fc.constantFrom(...malformedEscapes), fc.stringMatching(/^[A-Za-z0-9]{0,5}$/))
      .map((p) => p.join("")),
  },
  {
    weight: 2,
    arbitrary: fc.string({ maxLength: 30 }).map(encodeURIComponent),
  },
  {
    weight: 1,
    arbitrary: fc.string({ unit: "binary", maxLength: 20 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "x"))),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 200, max: 8000 }).map((n) => "a".repeat(n)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(".", "..", "%2e%2e", "%2F", "a%2Fb", "~", "+", "%20", "index.html"),
  },
);

function pathArb(route: ApiRoute): fc.Arbitrary<string> {
  const parts = route.pattern.split("/").filter(Boolean);
  const filled = fc.tuple(
    ...parts.map((p) =>
      /^\[\[?\.\.\./.test(p)
        ? fc
            .array(segmentArb, {
              minLength: p.startsWith("[[") ? 0 : 1,
              maxLength: 4,
            })
            .map((a) => a.join("/"))
        : /^\[.+\]$/.test(p)
          ? segmentArb
          : fc.constant(p),
    ),
  );
  return fc
    .tuple(
      filled,
      fc.constantFrom("", "", "", "/", "//"),
      fc.oneof(
        { weight: 9, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc.array(segmentArb, { minLength: 1, maxLength: 2 }),
        },
      ),
    )
    .map(([segs, slash, extra]) => "/" + [...segs.filter((s) => s !== ""), ...(extra ?? [])].join("/") + slash);
}

function queryArb(known: string[] = []): fc.Arbitrary<string> {
  const key = fc.oneof(
    {
      weight: known.length ? 4 : 0,
      arbitrary: fc.constantFrom(...(known.length ? known : ["x"])),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom("limit", "cursor", "to", "token", "id", "code"),
    },
    {
      weight: 1,
      arbitrary: fc.string({ maxLength: 8 }).map(encodeURIComponent),
    },
  );
  const value = fc.oneof(
    fc.constantFrom(
      "1",
      "0",
      "-1",
      "500",
      "501",
      "1e3",
      "NaN",
      "abc",
      "",
      "%00",
      "%zz",
      "%",
      "a%00b",
      "%C0%AF",
      "%ED%A0%80",
      "%1B[31m",
      "shopper%40example.com",
      "x%0Ay",
    ),
    fc.string({ maxLength: 30 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "x"))),
    fc.integer({ min: 300, max: 5000 }).map((n) => "q".repeat(n)),
  );
  return fc.option(
    fc
      .array(
        fc.tuple(key, value).map(([k, v]) => `${k}=${v}`),
        { minLength: 1, maxLength: 4 },
      )
      .map((a) => "?" + a.join("&")),
    { nil: "", freq: 2 },
  );
}

/** A path the route serves as such: its [id] a code, a code's id or junk that decodes. */
function plainPathArb(route: ApiRoute, ctx: World): fc.Arbitrary<string> {
  const id = fc.oneof(
    fc.constantFrom(...ctx.codes, ...ctx.codeIds),
    hex({ minLength: 64, maxLength: 64 }),
    fc.string({ maxLength: 20 }).map(encodeURIComponent),
  );
  const parts = route.pattern.split("/").filter(Boolean);
  return fc
    .tuple(
      ...parts.map((p) =>
        /^\[\[?\.\.\./.test(p) ? fc.constantFrom("session", "csrf", "providers", "x") : /^\[.+\]$/.test(p) ? id : fc.constant(p),
      ),
    )
    .map((segs) => "/" + segs.join("/"));
}

/**
 * Seven cases in ten look like a client of the route (its path and method, JSON, a live token or
 * session) with a fuzzed body, query and headers, so they get past authentication into the schemas
 * and the handlers; the rest are hostile all over (methods, paths, encodings, headers).
 */
function caseArb(route: ApiRoute, ctx: World): fc.Arbitrary<Case> {
  const shape = routeShape(route.pattern);
  const served = fc.constantFrom(...(route.methods.length ? route.methods : ["GET"]));
  const credentials = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(ctx.shopperToken, ctx.brandToken).map((t): [string, string][] => [["authorization", `Bearer ${t}`]]) },
    { weight: 1, arbitrary: fc.constantFrom(ctx.shopperCookie, ctx.brandCookie).map((c): [string, string][] => [["cookie", c]]) },
    { weight: shape.signedIn ? 0 : 20, arbitrary: fc.constant([] as [string, string][]) },
  );
  const client = fc
    .record({
      method: served,
      path: plainPathArb(route, ctx),
      query: queryArb(shape.query),
      cred: credentials,
      extra: headersArb(ctx),
      body: bodyArb(ctx, shape.body),
    })
    .map(({ cred, extra, ...c }): Case => ({
      ...c,
      headers: [["content-type", "application/json"], ...cred, ...extra.filter(([k]) => k === "idempotency-key" || k === "origin")],
    }));
  const method = fc.oneof({ weight: 6, arbitrary: served }, { weight: 3, arbitrary: fc.constantFrom(...METHODS) });
  const hostile = fc.record({
    method,
    path: pathArb(route),
    query: queryArb(shape.query),
    headers: headersArb(ctx),
    body: bodyArb(ctx, shape.body),
  });
  return fc.oneof({ weight: 7, arbitrary: client }, { weight: 3, arbitrary: hostile });
}

// --- the world --------------------------------------------------------------------------------

/** The users and codes cases use; the four credentials are placeholders (see `fill`). */
interface World {
  shopper: TestUser;
  brand: TestUser;
  shopperToken: string;
  brandToken: string;
  shopperCookie: string;
  brandCookie: string;
  codes: string[];
  /** The codes' ids (lower-case hex SHA-256), for /discountcode/{id}. */
  codeIds: string[];
}

// Rough cost of one case (ms, measured on a loaded 2-core machine at 2,000 cases) to balance the
// shards; a route not listed counts 5.
const COST: Record<string, number> = {
  "/api/v1/auth/verify-email/resend": 8,
  "/api/v1/notifications/settings": 9,
  "/api/v1/auth/token": 7,
  "/api/dev/mailbox": 6,
  "/api/v1/dev/mailbox": 6,
  "/api/v1/discountcode/[id]": 6,
  "/api/v1/notifications/unsubscribe": 5.5,
  "/api/v1/openapi.json": 5,
  "/api/v1/auth/password": 4.5,
  "/api/v1/auth/register": 3.5,
  "/api/v1/auth/verify-email": 3.5,
  "/api/v1/health": 3,
  "/api/v1/discountcode": 3,
  "/api/v1/discountcodeusage": 3,
  "/api/auth/[...nextauth]": 2.5,
  "/api/[[...path]]": 1,
  "/api/inngest": 1,
};

/** Shard `shard` of `shards` of the routes (greedy by cost); shard 0 also runs the fixed table, the last the random paths. */
/** `it` where this shard runs the test; elsewhere nothing is registered (not a skipped test). */
const itWhere = (cond: boolean): typeof it =>
  cond ? it : (Object.assign(() => {}, { each: () => () => {} }) as unknown as typeof it);

export function fuzzApiRoutes({ shard, shards }: { shard: number; shards: number }) {
  const load: number[] = Array.from({ length: shards }, (_v, i) => (i === shards - 1 ? 2 : 0)); // the random paths
  const assigned = new Map<string, number>();
  for (const r of [...routes].sort((a, b) => (COST[b.pattern] ?? 5) - (COST[a.pattern] ?? 5) || a.pattern.localeCompare(b.pattern))) {
    const to = load.indexOf(Math.min(...load));
    assigned.set(r.pattern, to);
    load[to]! += COST[r.pattern] ?? 5;
  }
  const mine = routes.filter((r) => assigned.get(r.pattern) === shard);
  const first = shard === 0;
  describe(`hostile input never gets a 5xx (in-process, PGlite, part ${shard + 1} of ${shards})`, () => {
    let database: Database;
    let server: TestServer;
    let world: World;
    const timings: {
      route: string;
      cases: number;
      ms: number;
      statuses: Map<number, number>;
    }[] = [];

    beforeAll(async () => {
      // One database for the whole file: a case costs what its request costs.
      database = await openDatabase({
        kind: "pglite",
        loadDataDir: new Blob([readFileSync(inject("pgliteTemplate"))]),
        migrate: false,
      });
      const deps = testDeps(database);
      // Sets deps, the test AUTH_SECRET and lib/db's database; dispatchRequest() needs no socket.
      server = await startTestServer(deps);
      const shopper = await createUser(deps.db, { role: "shopper" });
      const brand = await createUser(deps.db, {
        role: "brand",
        brandName: "Fuzz Brand",
      });
      const codes = ["FUZZ10", "FUZZ-SPRING", "FUZZ_50"];
      const brandToken = await issueToken(deps.db, brand.id);
      const codeIds: string[] = [];
      // (this one stays valid: nothing revokes it)
      for (const [i, code] of codes.entries()) {
        // Through the API, as a brand would: redemptions and lookups then find real codes.
        const validUntil = new Date(Date.now() + 86_400_000 * 60).toISOString();
        const res = await dispatchRequest(
          new NextRequest(`${ORIGIN}/api/v1/discountcode`, {
            method: "POST",
            headers: {
              authorization: `Bearer ${brandToken}`,
              "content-type": "application/json",
            },
            body: JSON.stringify({ code, discount: 10 * (i + 1), validUntil }),
          }),
        );
        const text = await res.text();
        expect(res.status, text).toBe(201);
        codeIds.push((JSON.parse(text) as { id: string }).id);
      }
      mintTokens = async () => {
        creds[CRED.shopperToken] = await issueToken(deps.db, shopper.id);
        creds[CRED.brandToken] = await issueToken(deps.db, brand.id);
      };
      await mintTokens();
      creds[CRED.shopperCookie] = await sessionCookie(shopper);
      creds[CRED.brandCookie] = await sessionCookie(brand);
      world = { shopper, brand, ...CRED, codes, codeIds };
    });
    afterAll(async () => {
      await server?.close();
      await database?.close();
    });

    // The measured defects of issue 9, one request each (also the smoke list of e2e/hostile-input).
    const table: {
      what: string;
      c: () => Case;
      status: number;
      code: string;
      path?: string;
    }[] = [
      {
        what: "%zz in an id",
        c: () => get("/api/v1/discountcode/%zz"),
        status: 400,
        code: "bad_request",
      },
      {
        what: "a lone %",
        c: () => get("/api/v1/discountcode/%"),
        status: 400,
        code: "bad_request",
      },
      {
        what: "overlong UTF-8 %C0%AF",
        c: () => get("/api/v1/discountcode/%C0%AF"),
        status: 400,
        code: "bad_request",
      },
      {
        what: "a trailing %",
        c: () => get("/api/v1/discountcode/A%"),
        status: 400,
        code: "bad_request",
      },
      {
        what: "NUL in an id",
        c: () => get("/api/v1/discountcode/A%00B"),
        status: 400,
        code: "bad_request",
      },
      {
        what: "%zz under the catch-all",
        c: () => get("/api/nope/%zz"),
        status: 400,
        code: "bad_request",
      },
      {
        what: "an unknown /api path",
        c: () => get("/api/v1/x-nope"),
        status: 404,
        code: "not_found",
      },
      {
        what: "/api itself",
        c: () => get("/api"),
        status: 404,
        code: "not_found",
      },
      {
        what: "multipart to an unknown /api path",
        c: () => ({
          ...get("/api/v1/x-nope"),
          method: "POST",
          headers: [["content-type", "multipart/form-data; boundary=x"]],
          body: "garbage",
        }),
        status: 404,
        code: "not_found",
      },
      {
        what: "a wrong method",
        c: () => ({ ...get("/api/v1/health"), method: "PATCH" }),
        status: 405,
        code: "method_not_allowed",
      },
      {
        what: "NUL in name",
        c: () => register({ name: "Ada\u0000" }),
        status: 422,
        code: "validation_failed",
        path: "name",
      },
      {
        what: "NUL in brandName",
        c: () => register({ role: "brand", brandName: "Acme\u0000" }),
        status: 422,
        code: "validation_failed",
        path: "brandName",
      },
      {
        what: "ESC in name",
        c: () => register({ name: "\u001b[31mAda" }),
        status: 422,
        code: "validation_failed",
        path: "name",
      },
      {
        what: "C1 control in name",
        c: () => register({ name: "Ada\u0085" }),
        status: 422,
        code: "validation_failed",
        path: "name",
      },
      {
        what: "newline in name",
        c: () => register({ name: "Ada\nLovelace" }),
        status: 422,
        code: "validation_failed",
        path: "name",
      },
      {
        what: "a lone surrogate in name",
        c: () => register({ name: "Ada\ud800" }),
        status: 422,
        code: "validation_failed",
        path: "name",
      },
      {
        what: "NUL in password",
        c: () => register({ password: "password\u0000" }),
        status: 422,
        code: "validation_failed",
        path: "password",
      },
      {
        what: "NUL in email (token)",
        c: () =>
          post("/api/v1/auth/token", {
            email: "a\u0000@example.test",
            password: "x",
          }),
        status: 422,
        code: "validation_failed",
        path: "email",
      },
      {
        what: "NUL in ?to= of the mailbox",
        c: () => ({
          ...get("/api/dev/mailbox"),
          query: "?to=a%00@example.test",
          headers: [["authorization", `Bearer ${CRED.shopperToken}`]],
        }),
        status: 422,
        code: "validation_failed",
        path: "to",
      },
      {
        what: "NUL in ?token= of unsubscribe",
        c: () => ({
          ...get("/api/v1/notifications/unsubscribe"),
          method: "POST",
          query: "?token=a%00b",
        }),
        status: 422,
        code: "validation_failed",
        path: "token",
      },
    ];
    function get(path: string): Case {
      return { method: "GET", path, query: "", headers: [], body: undefined };
    }
    function post(path: string, body: unknown): Case {
      return {
        method: "POST",
        path,
        query: "",
        headers: [["content-type", "application/json"]],
        body: JSON.stringify(body),
      };
    }
    function register(patch: Record<string, unknown>): Case {
      return post("/api/v1/auth/register", {
        email: `t-${randomBytes(5).toString("hex")}@example.test`,
        password: "correct horse battery",
        name: "Ada",
        role: "shopper",
        ...patch,
      });
    }

    itWhere(first).each(table.map((t) => [t.what, t] as const))("%s", async (_what, t) => {
      const c = t.c();
      const o = await run(c);
      expect(violation(c, o)).toBeNull();
      const body = JSON.parse(o.text) as {
        code: string;
        errors?: { path: string }[];
      };
      expect([o.status, body.code]).toEqual([t.status, t.code]);
      if (t.path) expect(body.errors?.map((e) => e.path)).toContain(t.path);
    });

    itWhere(first)("a wrong method: 405 with Allow, OPTIONS 204 with Allow, HEAD runs GET", async () => {
      const patch = await dispatchRequest(new NextRequest(`${ORIGIN}/api/v1/discountcode`, { method: "PATCH" }));
      expect([patch.status, patch.headers.get("allow"), patch.headers.get("content-type")]).toEqual([
        405,
        "GET, HEAD, OPTIONS, POST",
        "application/problem+json",
      ]);
      const options = await dispatchRequest(
        new NextRequest(`${ORIGIN}/api/v1/discountcode`, {
          method: "OPTIONS",
        }),
      );
      expect([options.status, options.headers.get("allow")]).toEqual([204, "GET, HEAD, OPTIONS, POST"]);
      const head = await dispatchRequest(new NextRequest(`${ORIGIN}/api/v1/health`, { method: "HEAD" }));
      expect(head.status).toBe(200);
    });

    itWhere(first)("every route module answers every method itself (lib/http/methods otherMethods)", async () => {
      const missing = routes.flatMap((r) =>
        [...ROUTE_METHODS, "OPTIONS"].filter((m) => !r.exported.includes(m)).map((m) => `${r.pattern} ${m}`),
      );
      expect(missing, "add `export const { …, OPTIONS } = otherMethods({ … })` to these route files").toEqual([]);
    });

    itWhere(shard === shards - 1)("random /api paths", { timeout: PROPERTY_TIMEOUT_MS }, async () => {
      const anyPath = fc.record({
        method: fc.constantFrom(...METHODS),
        path: fc.array(segmentArb, { minLength: 0, maxLength: 6 }).map((s) => "/api/" + s.join("/")),
        query: queryArb(),
        headers: fc.constant([] as [string, string][]),
        body: fc.constant(undefined),
      });
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(anyPath, async (c) => {
          const v = violation(c, await run(c));
          if (v) throw new Error(`${v}\n${describeCase(c)}`);
        }),
        { numRuns: RUNS },
      );
      timings.push({
        route: "/api/<random>",
        cases: RUNS,
        ms: performance.now() - started,
        statuses: new Map(),
      });
    });

    it.each(mine.map((r) => [r.pattern, r] as const))(
      "%s: random methods, paths, queries, headers, bodies",
      { timeout: PROPERTY_TIMEOUT_MS },
      async (_p, route) => {
        const started = performance.now();
        // Which answers the cases got: 2xx among them shows the handlers behind the schemas are reached.
        const statuses = new Map<number, number>();
        await fc.assert(
          fc.asyncProperty(caseArb(route, world), async (c) => {
            const o = await run(c);
            statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
            const v = violation(c, o);
            if (v) throw new Error(`${v}\n${describeCase(c)}`);
          }),
          { numRuns: RUNS },
        );
        timings.push({
          route: route.pattern,
          cases: RUNS,
          ms: performance.now() - started,
          statuses,
        });
      },
    );

    afterAll(() => {
      const total = timings.reduce((s, t) => s + t.ms, 0);
      const lines = timings.map(
        (t) =>
          `  ${t.route.padEnd(40)} ${String(t.cases).padStart(6)} cases ${(t.ms / 1000).toFixed(1).padStart(6)} s  ` +
          [...t.statuses]
            .sort(([a], [b]) => a - b)
            .map(([s, n]) => `${s}×${n}`)
            .join(" "),
      );
      process.stdout.write(
        `\nfuzz: ${timings.length} properties × ${RUNS} cases, 0 violations, ${(total / 1000).toFixed(1)} s\n${lines.join("\n")}\n`,
      );
    });
  });
}
