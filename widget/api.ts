// The widget's client for /api/v1 (API.md). Authenticates with a bearer token (another origin)
// or the browser's session cookie (same origin). Every failure becomes a Refusal the widget can
// show; nothing throws past this module.
import { formatMoney } from "../lib/cart/format";
import { refusalFor, type Refusal, type RefusalContext } from "../lib/cart/refusals";
import type { RuleLike } from "../lib/cart/rule-words";
import type { Cart, Pricing } from "../lib/cart/types";

export interface CodeInfo {
  id: string;
  code: string;
  /** The percentage of a percentage rule; null for a fixed amount. */
  discount: number | null;
  brand: { id: string; name: string };
  validFrom: string;
  validUntil: string;
  status: "active" | "expired" | "scheduled" | "exhausted" | "deactivated";
  usedByMe: boolean;
  /** Part 2 (absent from an older server). */
  rule?: RuleLike;
  eligible?: boolean;
  remaining?: number | null;
}

export interface Usage {
  id: string;
  code: string;
  userId: string;
  usedAt: string;
  discount: number | null;
  pricing?: Pricing;
  /** Part 2: reserved (a hold) → confirmed, or released. */
  status?: "reserved" | "confirmed" | "released" | "reversed";
  /** A hold's end; null once confirmed or released. */
  expiresAt?: string | null;
  orderId?: string | null;
}

export interface Order {
  id: string;
  userId: string;
  placedAt: string;
  currency: string;
  subtotal: number;
  discountAmount: number;
  total: number;
  usageId: string | null;
  lines: { sku: string; brandId: string; unitAmount: number; quantity: number }[];
}

/** A failure carries the problem's details (`ctx`), so a caller that knows more (the brand, dates) can word it again. */
export type Result<T> = { ok: true; value: T } | { ok: false; refusal: Refusal; status: number; ctx?: RefusalContext };

export interface ApiOptions {
  base: string;
  token?: string | null;
}

interface Problem {
  code?: string;
  retryAfter?: number;
  errors?: { path: string; message: string }[];
  /** minimum_not_met: the rule's minimum and the cents still missing. */
  minimum?: { amount: number; currency: string };
  missing?: number | null;
}

async function call<T>(o: ApiOptions, path: string, init: RequestInit, codeText?: string): Promise<Result<T>> {
  const headers = new Headers(init.headers);
  headers.set("accept", "application/json");
  if (o.token) headers.set("authorization", `Bearer ${o.token}`);
  let res: Response;
  try {
    res = await fetch(o.base.replace(/\/+$/, "") + path, {
      ...init,
      headers,
      // A token is enough on its own; without one, the same-origin session cookie is the credential.
      credentials: o.token ? "omit" : "same-origin",
      mode: "cors",
    });
  } catch {
    return { ok: false, status: 0, refusal: refusalFor("network") };
  }
  let body: unknown = null;
  try {
    body = res.status === 204 ? null : await res.json();
  } catch {
    body = null;
  }
  if (res.ok) return { ok: true, value: body as T };
  const problem = (body ?? {}) as Problem;
  // Retry-After is not readable cross-origin (not an exposed header); the problem body carries it too.
  const retryAfter = Number(res.headers.get("retry-after")) || Number(problem.retryAfter) || undefined;
  const code = problem.code ?? (res.status === 429 ? "rate_limited" : res.status === 401 ? "unauthorized" : res.status >= 500 ? "unavailable" : "internal");
  const ctx: RefusalContext = {
    code: codeText,
    retryAfter,
    detail: problem.errors?.[0]?.message,
    ...(problem.minimum ? { minimum: formatMoney(problem.minimum.amount, problem.minimum.currency) } : {}),
    ...(problem.minimum && typeof problem.missing === "number" ? { missing: formatMoney(problem.missing, problem.minimum.currency) } : {}),
  };
  return { ok: false, status: res.status, refusal: refusalFor(code, ctx), ctx };
}

/** The code's public id: SHA-256 of the normalised code, so the code itself stays out of URLs and logs. */
async function codeId(code: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return code; // not a secure context: the API accepts the code itself too
  const digest = await subtle.digest("SHA-256", new TextEncoder().encode(code));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function getCode(o: ApiOptions, code: string): Promise<Result<CodeInfo>> {
  return call<CodeInfo>(o, `/api/v1/discountcode/${encodeURIComponent(await codeId(code))}`, { method: "GET" }, code);
}

export async function whoAmI(o: ApiOptions): Promise<Result<{ user: { id: string } }>> {
  return call(o, "/api/v1/auth/token", { method: "GET" });
}

function idempotencyKey(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `dw-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export async function redeem(
  o: ApiOptions,
  body: { code: string; userId: string; cart?: Cart; amount?: number; currency?: string; hold?: boolean; holdSeconds?: number },
): Promise<Result<Usage>> {
  // One key per attempt: a network retry of the same attempt can never redeem twice.
  const init: RequestInit = {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": idempotencyKey() },
    body: JSON.stringify(body),
  };
  const first = await call<Usage>(o, "/api/v1/discountcodeusage/", init, body.code);
  if (!first.ok && first.status === 0) return call<Usage>(o, "/api/v1/discountcodeusage/", init, body.code);
  return first;
}

/** POST /api/v1/discountcodeusage/{id}/release — gives a held use back (the shopper may apply the code again). */
export async function release(o: ApiOptions, usageId: string): Promise<Result<Usage>> {
  return call<Usage>(o, `/api/v1/discountcodeusage/${encodeURIComponent(usageId)}/release`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
}

/** POST /api/v1/orders — places the order; with `usageId` the held use is confirmed with it, in one transaction. */
export async function placeOrder(o: ApiOptions, body: { userId: string; cart: Cart; usageId?: string }, codeText?: string): Promise<Result<Order>> {
  return call<Order>(
    o,
    "/api/v1/orders/",
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    codeText,
  );
}
