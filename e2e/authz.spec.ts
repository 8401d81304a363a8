// Who may open each dashboard and account page, export a code's usages as CSV, and call each
// server action — over real HTTP against the built app (`npm start`: proxy.ts, next-auth, Next's
// server-action dispatch), for four callers: anonymous, a shopper, another brand's admin and the
// brand's own admin. test/authz-matrix.int.test.ts does the same for the API routes in-process;
// pages and server actions need Next itself, so they are checked here.
//
// A server action is called as a browser calls it (a POST with `Next-Action: <id>`, its arguments
// encoded as React sends them), with the action id from the build's server-reference manifest —
// public anyway: every page that uses an action ships its id to the browser. So a row shows what
// a crafted request by someone else can do, not just what the UI offers them. Each call is judged
// by its effect, read back through the API (is the code still active, the token still valid…);
// the owner's call is the control that the crafted request does reach the action.
//
// ADDING: a new page under app/dashboard or app/account, or a new server action, fails "every
// page/action has a row" until it gets a row below.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type APIResponse, type PlaywrightWorkerArgs } from "@playwright/test";
import { createCodeViaApi, DEMO_PASSWORD, uniqueCode } from "./web-helpers";

const personas = ["anonymous", "shopper", "otherBrand", "ownBrand"] as const;
type Persona = (typeof personas)[number];
/** The demo accounts (scripts/seed): the own brand is Acme Outfitters, the other Northwind Supply. */
const emails: Record<Exclude<Persona, "anonymous">, string> = {
  shopper: "shopper@example.com",
  otherBrand: "brand2@example.com",
  ownBrand: "brand@example.com",
};

/** One request context per persona, signed in through next-auth's credentials endpoint. */
const as = {} as Record<Persona, APIRequestContext>;
/** An API token of the own brand's admin, to read back what a call did. */
let ownToken = "";
let baseURL = "";

/** A request context signed in as `email` (or anonymous), through next-auth's credentials endpoint. */
async function contextAs(playwright: PlaywrightWorkerArgs["playwright"], email: string | null): Promise<APIRequestContext> {
  const ctx = await playwright.request.newContext({ baseURL });
  if (!email) return ctx;
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", { form: { csrfToken, email, password: DEMO_PASSWORD }, maxRedirects: 0 });
  expect(res.status(), `${email} signs in`).toBe(302);
  const session = await ctx.get("/api/auth/session");
  expect(((await session.json()) as { user?: { email: string } }).user?.email).toBe(email);
  return ctx;
}

test.beforeAll(async ({ playwright }, testInfo) => {
  baseURL = testInfo.project.use.baseURL!;
  for (const p of personas) as[p] = await contextAs(playwright, p === "anonymous" ? null : emails[p]);
  const res = await as.ownBrand.post("/api/v1/auth/token", { data: { email: emails.ownBrand, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(201);
  ownToken = ((await res.json()) as { token: string }).token;
});

test.afterAll(async () => {
  // Leave the demo brands as the other specs expect them: no endpoints of ours (the rows above add
  // some for both brands — e2e/webhooks.spec.ts starts from "No endpoints yet").
  for (const email of [emails.ownBrand, emails.otherBrand]) {
    const { token } = (await (await as.anonymous.post("/api/v1/auth/token", { data: { email, password: DEMO_PASSWORD, name: "authz spec clean-up" } })).json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const list = (await (await as.anonymous.get("/api/v1/webhooks/", { headers })).json()) as { data: { id: string; url: string }[] };
    for (const endpoint of list.data.filter((e) => e.url.includes("/authz"))) {
      expect((await as.anonymous.delete(`/api/v1/webhooks/${endpoint.id}/`, { headers })).status()).toBe(204);
    }
  }
  for (const ctx of Object.values(as)) await ctx.dispose();
});

const ownApi = (url: string) => as.ownBrand.get(url, { headers: { authorization: `Bearer ${ownToken}` } });

/** A fresh code of the own brand (Acme Outfitters). */
async function ownCode(): Promise<{ id: string; code: string }> {
  return createCodeViaApi(as.ownBrand, { email: emails.ownBrand, code: uniqueCode("AUTHZ"), discount: 10 });
}

// --- pages and the CSV export ---------------------------------------------------------------------

type Outcome = "ok" | "sign-in" | "forbidden" | "not found";

function outcomeOf(res: APIResponse): Outcome | `unexpected ${number}` {
  const s = res.status();
  if (s === 200) return "ok";
  if (s === 307 && /\/sign-in\?callbackUrl=/.test(res.headers()["location"] ?? "")) return "sign-in";
  if (s === 403) return "forbidden";
  if (s === 404) return "not found";
  return `unexpected ${s}`;
}

const dashboardPage = { anonymous: "sign-in", shopper: "forbidden", otherBrand: "ok", ownBrand: "ok" } as const;
const signedIn = { anonymous: "sign-in", shopper: "ok", otherBrand: "ok", ownBrand: "ok" } as const;
const ownBrandsCode = { anonymous: "sign-in", shopper: "forbidden", otherBrand: "not found", ownBrand: "ok" } as const;

interface PageRow {
  /** The page as its folder names it, e.g. `/dashboard/codes/[id]`. */
  route: string;
  expect: Record<Persona, Outcome>;
  path?: (code: { id: string; code: string }) => string;
}

const pageRows: PageRow[] = [
  { route: "/dashboard", expect: dashboardPage },
  { route: "/dashboard/batches", expect: dashboardPage },
  { route: "/dashboard/codes/new", expect: dashboardPage },
  { route: "/dashboard/tokens", expect: dashboardPage },
  { route: "/dashboard/webhooks", expect: dashboardPage },
  { route: "/dashboard/codes/[id]", expect: ownBrandsCode, path: (c) => `/dashboard/codes/${c.id}` },
  { route: "/dashboard/codes/[id]/usages.csv", expect: ownBrandsCode, path: (c) => `/dashboard/codes/${c.id}/usages.csv` },
  { route: "/account", expect: signedIn },
];

/** Every page and route handler under app/dashboard and app/account, as its folder names it. */
function pagesOnDisk(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/^(page|route)\.tsx?$/.test(entry)) {
        const route = "/" + path.relative("app", dir).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join("/");
        out.push(route);
      }
    }
  };
  walk("app/dashboard");
  walk("app/account");
  return out.sort();
}

test("every dashboard and account page (and the CSV export) has a row", () => {
  expect(pagesOnDisk()).toEqual(pageRows.map((r) => r.route).sort());
});

test("pages and the CSV export: who gets what", async () => {
  const code = await ownCode();
  const actual: Record<string, Record<Persona, string>> = {};
  const expected: Record<string, Record<Persona, string>> = {};
  for (const row of pageRows) {
    const url = row.path?.(code) ?? row.route;
    actual[row.route] = {} as Record<Persona, string>;
    for (const p of personas) {
      const res = await as[p].get(url, { maxRedirects: 0 });
      actual[row.route]![p] = outcomeOf(res);
      // A page another brand may not see says nothing of the code it was asked for.
      if (res.status() === 404) expect(await res.text(), `${p} ${url}`).not.toContain(code.code);
    }
    expected[row.route] = row.expect;
  }
  expect(actual).toEqual(expected);
  const csv = await as.ownBrand.get(`/dashboard/codes/${code.id}/usages.csv`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
});

// --- server actions -------------------------------------------------------------------------------

interface ManifestEntry {
  id: string;
  filename: string;
  exportedName: string;
  workers: string[];
}

/** Every server action of the build (`.next/server/server-reference-manifest.json`). */
function serverActions(): ManifestEntry[] {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, e]) => ({ id, filename: e.filename, exportedName: e.exportedName, workers: Object.keys(e.workers) }));
}

/** A row names an action by its export; an inline action (`$$RSC_SERVER_ACTION_n`) by its file too. */
const actionKey = (a: ManifestEntry) => (a.exportedName.startsWith("$$RSC_SERVER_ACTION_") ? `${a.filename}#${a.exportedName}` : a.exportedName);

interface Reply {
  status: number;
  /** The action's return value (the `1:` row of the RSC reply), when it ran and returned. */
  value?: Record<string, unknown>;
  /** Where a redirect() in the action sends the browser. */
  redirect?: string;
}

/**
 * Calls a server action as React's client does: the arguments as its reply encoding — JSON text,
 * or multipart when one is FormData (`_1_<field>` rows, the root row `0` last: the decoder reads
 * rows in order and resolves `$K1` when it reaches the root).
 */
async function callAction(ctx: APIRequestContext, o: { id: string; at: string; args: unknown[] }): Promise<Reply> {
  const headers = { "next-action": o.id, accept: "text/x-component", origin: baseURL };
  const forms = o.args.filter((a): a is FormData => a instanceof FormData);
  let res: APIResponse;
  if (forms.length) {
    const body = new FormData();
    let n = 0;
    const root = o.args.map((a) => {
      if (!(a instanceof FormData)) return a;
      n++;
      for (const [k, v] of a) body.append(`_${n}_${k}`, v);
      return `$K${n.toString(16)}`;
    });
    body.append("0", JSON.stringify(root));
    res = await ctx.post(o.at, { headers, multipart: body, maxRedirects: 0 });
  } else {
    res = await ctx.post(o.at, { headers: { ...headers, "content-type": "text/plain;charset=UTF-8" }, data: JSON.stringify(o.args), maxRedirects: 0 });
  }
  const text = await res.text();
  const row = /^1:(\{.*\})$/m.exec(text);
  const target = res.headers()["x-action-redirect"]?.split(";")[0];
  const redirect = target ? ((u) => u.pathname + u.search)(new URL(target, baseURL)) : undefined;
  return { status: res.status(), ...(row ? { value: JSON.parse(row[1]!) as Record<string, unknown> } : {}), ...(redirect ? { redirect } : {}) };
}

const form = (fields: Record<string, string | string[]>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) f.append(k, one);
  return f;
};

interface ActionRow {
  action: string;
  /** Who may make it take effect, and why. */
  who: string;
  /** The page the UI calls it from (its worker), or a function of the row's target. */
  at: string | ((target: string) => string);
  /** Something of the own brand the row acts on, made once; personas call in order, owner last. */
  target?: () => Promise<string>;
  args: (p: Persona, target: string) => unknown[];
  /** Whether the call took effect, read back through the API or the reply. */
  tookEffect: (reply: Reply, p: Persona, target: string) => Promise<boolean> | boolean;
  expect: Record<Persona, boolean>;
}

const brandsOnly = { anonymous: false, shopper: false, otherBrand: true, ownBrand: true };
const ownerOnly = { anonymous: false, shopper: false, otherBrand: false, ownBrand: true };
const usersOnly = { anonymous: false, shopper: true, otherBrand: true, ownBrand: true };
const everyone = { anonymous: true, shopper: true, otherBrand: true, ownBrand: true };
const inAWeek = () => new Date(Date.now() + 7 * 24 * 3600_000).toISOString();

const actionRows: ActionRow[] = [
  {
    action: "deactivateCodeAction",
    who: "an admin of the code's brand",
    target: async () => (await ownCode()).id,
    at: (id) => `/dashboard/codes/${id}`,
    args: (_p, id) => [id],
    // The brand's list reads the database (GET /discountcode/{id} caches a code's state for 1 s).
    tookEffect: async (_r, _p, id) => {
      const { data } = (await (await ownApi("/api/v1/discountcode/?limit=100")).json()) as { data: { id: string; status: string }[] };
      return data.find((c) => c.id === id)?.status === "deactivated";
    },
    expect: ownerOnly,
  },
  {
    action: "createCodeAction",
    who: "a brand's admin, for their own brand",
    at: "/dashboard/codes/new",
    args: (p) => [{}, form({ mode: "new", code: uniqueCode(`AZ${p.slice(0, 3)}`), type: "percentage", discount: "10", validUntilIso: inAWeek() })],
    tookEffect: (r) => /^\/dashboard\/codes\/[0-9a-f]{64}\?created=1/.test(r.redirect ?? ""),
    expect: brandsOnly,
  },
  {
    action: "countEligibleAction",
    who: "a brand's admin (counts its own shoppers)",
    at: "/dashboard/codes/new",
    args: () => [{ groupOrders: false, minPriorOrders: "", groupAmount: false, minPriorOrderAmount: "", currency: "EUR" }],
    tookEffect: (r) => typeof r.value?.count === "number",
    expect: brandsOnly,
  },
  {
    action: "createBatchAction",
    who: "a brand's admin, for their own brand",
    at: "/dashboard/batches",
    args: () => [{}, form({ prefix: "AZB", count: "1", kind: "percentage", discount: "5", validUntilIso: inAWeek() })],
    tookEffect: (r) => r.value?.created !== undefined,
    expect: brandsOnly,
  },
  {
    action: "createTokenAction",
    who: "a brand's admin, for themselves",
    at: "/dashboard/tokens",
    args: (p) => [{}, form({ name: `authz ${p} ${Date.now()}`, days: "7" })],
    tookEffect: (r) => r.value?.created !== undefined,
    expect: brandsOnly,
  },
  {
    action: "revokeTokenAction",
    who: "the token's owner",
    target: async () => {
      const name = `authz revoke ${Date.now()}`;
      const created = await callAction(as.ownBrand, { id: actionId("createTokenAction"), at: "/dashboard/tokens", args: [{}, form({ name, days: "7" })] });
      const secret = (created.value?.created as { token: string }).token;
      const html = await (await as.ownBrand.get("/dashboard/tokens")).text();
      const id = new RegExp(`\\\\"id\\\\":\\\\"(tok_[0-9A-Z]+)\\\\",\\\\"name\\\\":\\\\"${name}\\\\"`).exec(html)?.[1];
      expect(id, "the token's id on /dashboard/tokens").toBeTruthy();
      return `${id} ${secret}`;
    },
    at: "/dashboard/tokens",
    args: (_p, t) => [t.split(" ")[0]],
    tookEffect: async (_r, _p, t) => (await as.anonymous.get("/api/v1/auth/token", { headers: { authorization: `Bearer ${t.split(" ")[1]}` } })).status() === 401,
    expect: ownerOnly,
  },
  {
    action: "createWebhookAction",
    who: "a brand's admin, for their own brand",
    at: "/dashboard/webhooks",
    args: () => [{}, form({ url: "http://127.0.0.1:9/authz", events: ["code.exhausted"] })],
    tookEffect: (r) => r.value?.created !== undefined,
    expect: brandsOnly,
  },
  {
    action: "deleteWebhookAction",
    who: "an admin of the endpoint's brand",
    target: async () => {
      const res = await as.ownBrand.post("/api/v1/webhooks/", {
        headers: { authorization: `Bearer ${ownToken}` },
        data: { url: "http://127.0.0.1:9/authz-delete", events: ["code.exhausted"] },
      });
      expect(res.status(), await res.text()).toBe(201);
      return ((await res.json()) as { id: string }).id;
    },
    at: "/dashboard/webhooks",
    args: (_p, id) => [id],
    tookEffect: async (_r, _p, id) => (await ownApi(`/api/v1/webhooks/${id}`)).status() === 404,
    expect: ownerOnly,
  },
  {
    action: "setAnnouncementsAction",
    who: "any signed-in user, for their own account (set here to what it already is)",
    at: "/account",
    args: () => [true],
    tookEffect: (r) => r.value?.ok === true,
    expect: usersOnly,
  },
  {
    action: "changePasswordAction",
    who: "any signed-in user, for their own account (a wrong current password: checked, nothing changes)",
    at: "/account",
    args: () => [{}, form({ currentPassword: "not-the-password", newPassword: "another-long-password" })],
    tookEffect: (r) => typeof (r.value?.fieldErrors as { currentPassword?: string } | undefined)?.currentPassword === "string",
    expect: usersOnly,
  },
  {
    action: "resendVerificationAction",
    who: "any signed-in user, for their own address",
    at: "/account",
    args: () => [],
    tookEffect: (r) => r.value?.tone === "success",
    expect: usersOnly,
  },
  {
    action: "confirmEmailAction",
    who: "whoever holds the emailed link (the token is the credential; a bogus one is refused)",
    at: "/verify-email",
    args: () => [form({ token: "bogus" })],
    tookEffect: (r) => /^\/verify-email\?invalid=1/.test(r.redirect ?? ""),
    expect: everyone,
  },
  {
    action: "app/notifications/unsubscribe/page.tsx#$$RSC_SERVER_ACTION_0",
    who: "whoever holds the emailed link (the signed token is the credential)",
    at: "/notifications/unsubscribe?token=bogus",
    args: () => [form({ token: "bogus" })],
    tookEffect: (r) => /^\/notifications\/unsubscribe\?token=bogus&done=1/.test(r.redirect ?? ""),
    expect: everyone,
  },
  {
    action: "signInAction",
    who: "anyone (an empty form: refused per field)",
    at: "/sign-in",
    args: () => [{}, form({ email: "", password: "" })],
    tookEffect: (r) => r.value?.fieldErrors !== undefined,
    expect: everyone,
  },
  {
    action: "signUpAction",
    who: "anyone (an invalid form: refused per field)",
    at: "/sign-up",
    args: () => [{}, form({ email: "not-an-email", password: "x", name: "", role: "shopper" })],
    tookEffect: (r) => r.value?.fieldErrors !== undefined,
    expect: everyone,
  },
  {
    // Last: it ends the caller's sessions. Both copies (the user menu's and the sign-out page's).
    action: "signOutAction",
    who: "anyone; it ends only the caller's own session",
    at: "/sign-out",
    args: () => [],
    tookEffect: (r) => r.redirect === "/",
    expect: everyone,
  },
];

function actionId(key: string): string {
  const found = serverActions().filter((a) => actionKey(a) === key);
  expect(found.length, `server action ${key} in the build`).toBeGreaterThan(0);
  return found[0]!.id;
}

test("every server action of the build has a row", () => {
  const built = [...new Set(serverActions().map(actionKey))].sort();
  expect(built).toEqual(actionRows.map((r) => r.action).sort());
});

for (const row of actionRows) {
  test(`server action ${row.action}: ${row.who}`, async () => {
    const copies = serverActions().filter((a) => actionKey(a) === row.action);
    expect(copies.length).toBeGreaterThan(0);
    const actual: Record<string, boolean> = {};
    const expected: Record<string, boolean> = {};
    const statuses: string[] = [];
    for (const copy of copies) {
      const target = (await row.target?.()) ?? "";
      const at = typeof row.at === "function" ? row.at(target) : row.at;
      // The owner last: until then the target must stay as it was.
      for (const p of personas) {
        // Also from a page that is not the action's own (Next forwards it there, through proxy.ts).
        const places = row.expect[p] ? [at] : [at, "/"];
        let took = false;
        for (const place of places) {
          const reply = await callAction(as[p], { id: copy.id, at: place, args: row.args(p, target) });
          statuses.push(`${p} at ${place}: ${reply.status}`);
          took ||= await row.tookEffect(reply, p, target);
        }
        const label = `${copy.filename} as ${p}`;
        actual[label] = took;
        expected[label] = row.expect[p];
      }
    }
    expect(actual, statuses.join("\n")).toEqual(expected);
  });
}

test("a revoked session (a well-formed cookie: all proxy.ts reads) opens no page or export and moves no action", async ({ playwright }) => {
  const code = await ownCode();
  const live = await contextAs(playwright, emails.ownBrand);
  const saved = await live.storageState();
  const out = await callAction(live, { id: actionId("signOutAction"), at: "/sign-out", args: [] });
  expect(out.redirect).toBe("/");
  await live.dispose();
  // The same cookie again, as someone who copied it before the sign-out would send it.
  const revoked = await playwright.request.newContext({ baseURL, storageState: saved });
  try {
    for (const url of [`/dashboard/codes/${code.id}`, `/dashboard/codes/${code.id}/usages.csv`, "/dashboard/tokens"]) {
      const res = await revoked.get(url, { maxRedirects: 0 });
      expect(res.status(), url).not.toBe(200);
      expect(await res.text(), url).not.toContain(code.code);
    }
    const reply = await callAction(revoked, { id: actionId("deactivateCodeAction"), at: `/dashboard/codes/${code.id}`, args: [code.id] });
    expect(reply.value).toMatchObject({ ok: false }); // the action itself refused it
    const { data } = (await (await ownApi("/api/v1/discountcode/?limit=100")).json()) as { data: { id: string; status: string }[] };
    expect(data.find((c) => c.id === code.id)?.status).toBe("active");
  } finally {
    await revoked.dispose();
  }
});
