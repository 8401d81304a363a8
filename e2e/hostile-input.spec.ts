// Hostile input through the real server (`next start`, proxy.ts included): the cases Next itself
// once answered with a 500 before any route of ours ran (malformed %-escapes, broken multipart and
// server-action bodies), unknown /api paths, wrong methods, control characters. Each answer is
// < 500, and on /api it is problem+json with a `code`. test/fuzz-api.int.test.ts fuzzes the same
// rules in-process; this is the smoke that Next's own layers agree.
import { expect, test, type APIResponse } from "@playwright/test";

type Row = {
  what: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The exact status, when it is known; otherwise any 4xx. */
  status?: number;
  code?: string;
};

const multipart = { "content-type": "multipart/form-data; boundary=x" };

const rows: Row[] = [
  { what: "%zz in an id", method: "GET", path: "/api/v1/discountcode/%zz", status: 400, code: "bad_request" },
  { what: "a lone %", method: "GET", path: "/api/v1/discountcode/%", status: 400, code: "bad_request" },
  { what: "overlong UTF-8", method: "GET", path: "/api/v1/discountcode/%C0%AF", status: 400, code: "bad_request" },
  { what: "a trailing %", method: "GET", path: "/api/v1/discountcode/A%", status: 400, code: "bad_request" },
  { what: "an escaped lone surrogate", method: "GET", path: "/api/v1/discountcode/%ED%A0%80", status: 400, code: "bad_request" },
  { what: "NUL in an id", method: "GET", path: "/api/v1/discountcode/A%00B", status: 400, code: "bad_request" },
  { what: "%zz under next-auth", method: "GET", path: "/api/auth/%zz", status: 400, code: "bad_request" },
  { what: "%zz under an unknown /api path", method: "GET", path: "/api/nope/%zz", status: 400, code: "bad_request" },
  { what: "%zz in a dashboard page", method: "GET", path: "/dashboard/codes/%zz" },
  { what: "%zz in a page", method: "GET", path: "/shop/%zz" },
  { what: "an unknown /api path", method: "GET", path: "/api/v1/x-nope", status: 404, code: "not_found" },
  { what: "an unknown /api path, POST", method: "POST", path: "/api/v1/x-nope", body: "{}", status: 404, code: "not_found" },
  { what: "/api itself", method: "GET", path: "/api", status: 404, code: "not_found" },
  { what: "a wrong method", method: "PATCH", path: "/api/v1/health", status: 405, code: "method_not_allowed" },
  { what: "a wrong method on codes", method: "DELETE", path: "/api/v1/discountcode", status: 405, code: "method_not_allowed" },
  { what: "broken multipart to /", method: "POST", path: "/", headers: multipart, body: "garbage" },
  { what: "broken multipart to /shop", method: "POST", path: "/shop", headers: multipart, body: "garbage" },
  { what: "broken multipart to /sign-in", method: "POST", path: "/sign-in", headers: multipart, body: "garbage" },
  { what: "broken multipart to a public file", method: "POST", path: "/widget.js", headers: multipart, body: "garbage" },
  { what: "multipart without a boundary", method: "POST", path: "/", headers: { "content-type": "multipart/form-data" }, body: "garbage" },
  { what: "broken multipart to an unknown /api path", method: "POST", path: "/api/v1/x-nope", headers: multipart, body: "garbage", status: 404, code: "not_found" },
  { what: "a server action with a body that is not JSON", method: "POST", path: "/sign-in", headers: { "next-action": "0".repeat(42), "content-type": "text/plain" }, body: "garbage" },
  { what: "a server action with broken multipart", method: "POST", path: "/sign-in", headers: { "next-action": "0".repeat(42), ...multipart }, body: "garbage" },
  { what: "a server action with no body", method: "POST", path: "/", headers: { "next-action": "0".repeat(42) } },
  {
    what: "NUL in name on register",
    method: "POST",
    path: "/api/v1/auth/register",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "nul-name@example.test", password: "correct horse battery", name: "Ada\u0000", role: "shopper" }),
    status: 422,
    code: "validation_failed",
  },
  {
    what: "NUL in brandName on register",
    method: "POST",
    path: "/api/v1/auth/register",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "nul-brand@example.test", password: "correct horse battery", name: "Ada", role: "brand", brandName: "Acme\u0000" }),
    status: 422,
    code: "validation_failed",
  },
  {
    what: "a lone surrogate in name on register",
    method: "POST",
    path: "/api/v1/auth/register",
    headers: { "content-type": "application/json" },
    body: '{"email":"lone@example.test","password":"correct horse battery","name":"Ada\\ud800","role":"shopper"}',
    status: 422,
    code: "validation_failed",
  },
];

async function expectSafe(res: APIResponse, row: Pick<Row, "path" | "status" | "code" | "method">) {
  const status = res.status();
  expect(status, `${row.method} ${row.path}`).toBeLessThan(500);
  if (row.status) expect(status, `${row.method} ${row.path}`).toBe(row.status);
  else expect(status, `${row.method} ${row.path}`).toBeGreaterThanOrEqual(400);
  if (new URL(row.path, "http://x").pathname.startsWith("/api") || row.code) {
    expect(res.headers()["content-type"]).toContain("application/problem+json");
    const body = (await res.json()) as { code?: string; status?: number };
    expect(body.status).toBe(status);
    if (row.code) expect(body.code).toBe(row.code);
    else expect(typeof body.code).toBe("string");
  }
}

for (const row of rows) {
  test(`hostile: ${row.what} → < 500`, async ({ request }) => {
    const res = await request.fetch(row.path, { method: row.method, headers: row.headers, data: row.body, maxRedirects: 0 });
    await expectSafe(res, row);
  });
}

test("a 405 names the methods in Allow; OPTIONS and HEAD answer as before", async ({ request }) => {
  const res = await request.fetch("/api/v1/discountcode", { method: "PATCH" });
  expect(res.status()).toBe(405);
  expect(res.headers()["allow"]).toBe("GET, HEAD, OPTIONS, POST");
  const options = await request.fetch("/api/v1/discountcode", { method: "OPTIONS" });
  expect(options.status()).toBe(204);
  expect(options.headers()["allow"]).toBe("GET, HEAD, OPTIONS, POST");
  const head = await request.fetch("/api/v1/health", { method: "HEAD" });
  expect(head.status()).toBe(200);
});

test("NUL in the mailbox's ?to= is a 422 for a signed-in caller", async ({ request }) => {
  const issued = await request.post("/api/v1/auth/token", { data: { email: "shopper@example.com", password: "demo1234" } });
  expect(issued.status()).toBe(201);
  const { token } = (await issued.json()) as { token: string };
  const res = await request.get("/api/dev/mailbox?to=a%00@example.com", { headers: { authorization: `Bearer ${token}` } });
  await expectSafe(res, { method: "GET", path: "/api/dev/mailbox", status: 422, code: "validation_failed" });
});

/** The sign-in page's no-JavaScript form: its hidden server-action fields and the action's id. */
async function signInForm(request: import("@playwright/test").APIRequestContext): Promise<{ fields: Record<string, string>; actionId: string }> {
  const html = await (await request.get("/sign-in")).text();
  const form = /<form[^>]*method="POST"[^>]*>([\s\S]*?)<\/form>/i.exec(html)?.[1] ?? "";
  const fields: Record<string, string> = {};
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  for (const input of form.match(/<input[^>]*>/g) ?? []) {
    const name = /name="([^"]*)"/.exec(input)?.[1];
    if (name) fields[unescape(name)] = unescape(/value="([^"]*)"/.exec(input)?.[1] ?? "");
  }
  const root = Object.entries(fields).find(([k]) => /^\$ACTION_\d+:0$/.test(k))?.[1] ?? "{}";
  return { fields, actionId: (JSON.parse(root) as { id?: string }).id ?? "" };
}

test("a real form submission (no JavaScript) still signs in through the proxy's checks", async ({ request }) => {
  const { fields } = await signInForm(request);
  expect(Object.keys(fields).some((k) => k.startsWith("$ACTION"))).toBe(true);
  const res = await request.post("/sign-in", { multipart: { ...fields, email: "shopper@example.com", password: "demo1234" }, maxRedirects: 0 });
  expect(res.status()).toBe(303);
  expect(res.headers()["set-cookie"] ?? "").toContain("authjs.session-token=");
});

test("server-action bodies for a real action that do not decode are 4xx, not 500", async ({ request }) => {
  const { fields, actionId } = await signInForm(request);
  const ref = Object.keys(fields).find((k) => k.startsWith("$ACTION_REF_"))!.slice("$ACTION_REF_".length);
  const variants: { what: string; headers?: Record<string, string>; multipart?: Record<string, string>; data?: string }[] = [
    { what: "bound arguments in a row that never comes", multipart: { ...fields, [`$ACTION_${ref}:0`]: JSON.stringify({ id: actionId, bound: "$@9" }) } },
    { what: "a row that is not JSON", multipart: { ...fields, [`$ACTION_${ref}:1`]: "zzz" } },
    { what: "no root row", multipart: { [`$ACTION_REF_${ref}`]: "" } },
    { what: "a fetch action pointing at a missing row", headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8" }, data: '["$@1"]' },
    { what: "a fetch action with a Map from nowhere", headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8" }, data: '[{"a":"$Q2"}]' },
    { what: "a fetch action whose body is not JSON", headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8" }, data: "garbage" },
  ];
  for (const v of variants) {
    const res = await request.post("/sign-in", { headers: v.headers, multipart: v.multipart, data: v.data, maxRedirects: 0 });
    expect(res.status(), v.what).toBeGreaterThanOrEqual(400);
    expect(res.status(), v.what).toBeLessThan(500);
  }
});
