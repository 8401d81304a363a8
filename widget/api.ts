// The widget's calls to /api/v1 (API.md), made with the typed client of clients/js (generated from
// the OpenAPI document). Authenticates with a bearer token (another origin) or the browser's
// session cookie (same origin). Every failure becomes a Refusal the widget can show, worded from
// the problem+json answer; nothing throws past this module.
import {
  codeIdOf,
  createDiscountsClient,
  idempotencyKey,
  retryAfterOf,
  type Code,
  type DiscountsClient,
  type Order,
  type Redemption,
} from "../clients/js/src";
import { formatMoney } from "../lib/cart/format";
import { refusalFor, type Refusal, type RefusalContext } from "../lib/cart/refusals";
import type { Cart } from "../lib/cart/types";

/** A code as GET /api/v1/discountcode/{id} answers it. */
export type CodeInfo = Code;
/** A usage as POST /api/v1/discountcodeusage answers it (reserved while held). */
export type Usage = Redemption;
export type { Order };

/** A failure carries the problem's details (`ctx`), so a caller that knows more (the brand, dates) can word it again. */
export type Result<T> = { ok: true; value: T } | { ok: false; refusal: Refusal; status: number; ctx?: RefusalContext };

export interface ApiOptions {
  base: string;
  token?: string | null;
}

/** The members of a problem+json answer the widget words its refusals with (API.md). */
interface ProblemBody {
  code?: string;
  retryAfter?: number;
  errors?: { path: string; message: string }[];
  /** minimum_not_met: the rule's minimum and the cents still missing. */
  minimum?: { amount: number; currency: string };
  missing?: number | null;
}

let cached: { key: string; client: DiscountsClient } | undefined;

/** One client per base and token (the element's attributes can change between calls). */
function clientOf(o: ApiOptions): DiscountsClient {
  const key = `${o.base}\n${o.token ?? ""}`;
  if (cached?.key !== key) cached = { key, client: createDiscountsClient({ baseUrl: o.base, token: o.token }) };
  return cached.client;
}

/** What the client's methods resolve to: the data of a 2xx, else the (parsed) error body. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

async function settle<T>(request: () => Promise<Answer<T>>, codeText?: string): Promise<Result<T>> {
  let answer: Answer<T>;
  try {
    answer = await request();
  } catch {
    // fetch itself failed (offline, DNS, CORS refused) — or a 2xx body was not JSON.
    return { ok: false, status: 0, refusal: refusalFor("network") };
  }
  const { data, error, response: res } = answer;
  if (res.ok) return { ok: true, value: data as T };
  const problem: ProblemBody = error && typeof error === "object" ? (error as ProblemBody) : {};
  const code = problem.code ?? (res.status === 429 ? "rate_limited" : res.status === 401 ? "unauthorized" : res.status >= 500 ? "unavailable" : "internal");
  const ctx: RefusalContext = {
    code: codeText,
    // Retry-After is readable from another origin too (lib/http/cors.ts exposes it) and every 429
    // and 503 carries it; a 429's problem body also has `retryAfter`.
    retryAfter: retryAfterOf(res, problem),
    detail: problem.errors?.[0]?.message,
    ...(problem.minimum ? { minimum: formatMoney(problem.minimum.amount, { currency: problem.minimum.currency }) } : {}),
    ...(problem.minimum && typeof problem.missing === "number" ? { missing: formatMoney(problem.missing, { currency: problem.minimum.currency }) } : {}),
  };
  return { ok: false, status: res.status, refusal: refusalFor(code, ctx), ctx };
}

/** GET /api/v1/discountcode/{id} — by the code's hash, so the code itself stays out of URLs and logs. */
export async function getCode(o: ApiOptions, code: string): Promise<Result<CodeInfo>> {
  const id = await codeIdOf(code);
  return settle(() => clientOf(o).GET("/api/v1/discountcode/{id}", { params: { path: { id } } }), code);
}

/** GET /api/v1/auth/token — who the credential belongs to. */
export async function whoAmI(o: ApiOptions): Promise<Result<{ user: { id: string } }>> {
  return settle(() => clientOf(o).GET("/api/v1/auth/token"));
}

/** POST /api/v1/discountcodeusage — redeems (with `hold: true`, holds) the code for this cart. */
export async function redeem(
  o: ApiOptions,
  body: { code: string; userId: string; cart?: Cart; amount?: number; currency?: string; hold?: boolean; holdSeconds?: number },
): Promise<Result<Usage>> {
  // One key per attempt: a network retry of the same attempt can never redeem twice.
  const key = idempotencyKey();
  const attempt = () => settle(() => clientOf(o).POST("/api/v1/discountcodeusage", { params: { header: { "Idempotency-Key": key } }, body }), body.code);
  const first = await attempt();
  if (!first.ok && first.status === 0) return attempt();
  return first;
}

/** POST /api/v1/discountcodeusage/{id}/release — gives a held use back (the shopper may apply the code again). */
export async function release(o: ApiOptions, usageId: string): Promise<Result<Usage>> {
  return settle(() => clientOf(o).POST("/api/v1/discountcodeusage/{id}/release", { params: { path: { id: usageId } }, body: {} }));
}

/** POST /api/v1/orders — places the order; with `usageId` the held use is confirmed with it, in one transaction. */
export async function placeOrder(o: ApiOptions, body: { userId: string; cart: Cart; usageId?: string }, codeText?: string): Promise<Result<Order>> {
  return settle(() => clientOf(o).POST("/api/v1/orders", { body }), codeText);
}
