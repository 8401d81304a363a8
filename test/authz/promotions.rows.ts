// Authorization matrix rows: API.md part 2 — rules (brands only), deactivation (the code's brand),
// the redemption lifecycle (the usage's user; a reversal also the code's brand; anyone else 404),
// the usages list and orders (any signed-in user, for themselves).
import { createCode, redeemCode } from "../../lib/discounts";
import type { AuthzRow, As, World } from "./types";
import { byPersona } from "./types";

const inAWeek = () => new Date(Date.now() + 7 * 24 * 3600_000);

async function codeOfBrandA(w: World): Promise<string> {
  const admin = w.users.brandAdmin;
  const created = await createCode(w.deps, { actor: { user: admin, brands: [admin.brand!] }, input: { code: w.unique().toUpperCase(), discount: 10, validUntil: inAWeek() } });
  return created.code;
}

/** A fresh use of a brand-A code by the shopper: held, or confirmed at once. */
async function shoppersUsage(w: World, hold: boolean): Promise<string> {
  const shopper = w.users.shopper;
  const used = await redeemCode(w.deps, { actor: { user: shopper, brands: [] }, input: { code: await codeOfBrandA(w), userId: shopper.id, ...(hold ? { hold: true } : {}) } });
  return used.id;
}

const brandsOnly = (ok: number) => byPersona({ anonymous: 401, badToken: 401, shopper: 403, otherShopper: 403, brandAdmin: ok, otherBrandAdmin: ok });
const shopperOnly = (ok: number) => byPersona({ anonymous: 401, badToken: 401, shopper: ok, otherShopper: 404, brandAdmin: 404, otherBrandAdmin: 404 });
const signedIn = (ok: number) => byPersona({ anonymous: 401, badToken: 401, shopper: ok, otherShopper: ok, brandAdmin: ok, otherBrandAdmin: ok });
const self = (as: As) => as.user?.id ?? "usr_nobody";

export const rows: AuthzRow[] = [
  { route: "/api/v1/discountrule", method: "GET", what: "a brand's own rules: brands only", expect: brandsOnly(200) },
  {
    route: "/api/v1/discountrule",
    method: "POST",
    what: "brands only",
    expect: brandsOnly(201),
    request: () => ({ body: { type: "percentage", percent: 7 } }),
  },
  {
    route: "/api/v1/discountrule/[id]",
    method: "GET",
    what: "the brand's own rule; another brand's → 404",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 403, otherShopper: 403, brandAdmin: 200, otherBrandAdmin: 404 }),
    request: async (w) => {
      const admin = w.users.brandAdmin;
      const c = await createCode(w.deps, { actor: { user: admin, brands: [admin.brand!] }, input: { code: w.unique().toUpperCase(), discount: 11, validUntil: inAWeek() } });
      return { path: `/api/v1/discountrule/${c.ruleId}` };
    },
  },
  {
    route: "/api/v1/discountcode/[id]/deactivate",
    method: "POST",
    what: "an admin of the code's brand; another brand's → 404",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 403, otherShopper: 403, brandAdmin: 200, otherBrandAdmin: 404 }),
    request: async (w) => ({ path: `/api/v1/discountcode/${await codeOfBrandA(w)}/deactivate`, body: {} }),
  },
  {
    route: "/api/v1/discountcodeusage",
    method: "GET",
    what: "the caller's own usages: any signed-in user",
    expect: signedIn(200),
  },
  {
    route: "/api/v1/discountcodeusage/[id]/confirm",
    method: "POST",
    what: "the usage's user only; anyone else → 404",
    expect: shopperOnly(200),
    request: async (w) => ({ path: `/api/v1/discountcodeusage/${await shoppersUsage(w, true)}/confirm`, body: {} }),
  },
  {
    route: "/api/v1/discountcodeusage/[id]/release",
    method: "POST",
    what: "the usage's user only; anyone else → 404",
    expect: shopperOnly(200),
    request: async (w) => ({ path: `/api/v1/discountcodeusage/${await shoppersUsage(w, true)}/release`, body: {} }),
  },
  {
    route: "/api/v1/discountcodeusage/[id]/reverse",
    method: "POST",
    what: "the usage's user or an admin of the code's brand; anyone else → 404",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 200, otherShopper: 404, brandAdmin: 200, otherBrandAdmin: 404 }),
    request: async (w) => ({ path: `/api/v1/discountcodeusage/${await shoppersUsage(w, false)}/reverse`, body: {} }),
  },
  { route: "/api/v1/orders", method: "GET", what: "the caller's own orders", expect: signedIn(200) },
  {
    route: "/api/v1/orders",
    method: "POST",
    what: "any signed-in user, for themselves",
    expect: signedIn(201),
    request: (w, as) => ({ body: { userId: self(as), cart: { currency: "EUR", lines: [{ sku: "X", brandId: w.users.brandAdmin.brand!.id, unitAmount: 100, quantity: 1 }] } } }),
  },
];
