// The widget's client for /api/v1 (API.md). Authenticates with a bearer token (another origin)
// or the browser's session cookie (same origin). Every failure becomes a Refusal the widget can
// show; nothing throws past this module.
import { refusalFor, type Refusal } from "../lib/cart/refusals";
import type { Cart, Pricing } from "../lib/cart/types";

export interface CodeInfo {
  id: string;
  code: string;
  discount: number;
  brand: { id: string; name: string };
  validFrom: string;
  validUntil: string;
  status: "active" | "expired" | "scheduled";
  usedByMe: boolean;
}

export interface Usage {
  id: string;
  code: string;
  userId: string;
  usedAt: string;
  discount: number;
  pricing?: Pricing;
}

export type Result<T> = { ok: true; value: T } | { ok: false; refusal: Refusal; status: number };

export interface ApiOptions {
  base: string;
  token?: string | null;
}

interface Problem {
  code?: string;
  retryAfter?: number;
  errors?: { path: string; message: string }[];
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
  return {
    ok: false,
    status: res.status,
    refusal: refusalFor(code, { code: codeText, retryAfter, detail: problem.errors?.[0]?.message }),
  };
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
  body: { code: string; userId: string; cart?: Cart; amount?: number; currency?: string },
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
