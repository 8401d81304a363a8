// Authorization matrix rows: discount codes and their redemption (API.md "Discount codes"), and
// the OpenAPI document.
import { createCode } from "../../lib/discounts";
import type { AuthzRow, World } from "./types";
import { byPersona, everyone } from "./types";

const inAWeek = () => new Date(Date.now() + 7 * 24 * 3600_000).toISOString();

/** A fresh active code of brand A (the brandAdmin's brand). */
async function codeOfBrandA(w: World): Promise<string> {
  const admin = w.users.brandAdmin;
  const created = await createCode(w.deps, {
    actor: { user: admin, brands: [admin.brand!] },
    input: {
      code: w.unique().toUpperCase(),
      discount: 10,
      validUntil: new Date(Date.now() + 7 * 24 * 3600_000),
    },
  });
  return created.code;
}

export const rows: AuthzRow[] = [
  {
    route: "/api/v1/discountcode",
    method: "POST",
    what: "brands only, for their own brand",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 403, otherShopper: 403, brandAdmin: 201, otherBrandAdmin: 201 }),
    request: (w) => ({ body: { code: w.unique(), discount: 15, validUntil: inAWeek() } }),
  },
  {
    route: "/api/v1/discountcode",
    method: "POST",
    what: "naming brand A: only brand A's admin",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 403, otherShopper: 403, brandAdmin: 201, otherBrandAdmin: 403 }),
    request: (w) => ({ body: { code: w.unique(), discount: 15, validUntil: inAWeek(), brandId: w.users.brandAdmin.brand!.id } }),
  },
  {
    route: "/api/v1/discountcode",
    method: "GET",
    what: "a brand's own codes: brands only",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 403, otherShopper: 403, brandAdmin: 200, otherBrandAdmin: 200 }),
  },
  {
    route: "/api/v1/discountcode/[id]",
    method: "GET",
    what: "any signed-in user",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 200, otherShopper: 200, brandAdmin: 200, otherBrandAdmin: 200 }),
    request: async (w) => ({ path: `/api/v1/discountcode/${await codeOfBrandA(w)}` }),
  },
  {
    route: "/api/v1/discountcodeusage",
    method: "POST",
    what: "any signed-in user, for themselves",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 201, otherShopper: 201, brandAdmin: 201, otherBrandAdmin: 201 }),
    request: async (w, as) => ({ body: { code: await codeOfBrandA(w), userId: as.user?.id ?? "usr_nobody" } }),
  },
  { route: "/api/v1/openapi.json", method: "GET", what: "public", expect: everyone(200) },
  {
    route: "/api/v1/discountcodeusage",
    method: "POST",
    what: "never for someone else",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 403, otherShopper: 403, brandAdmin: 403, otherBrandAdmin: 403 }),
    request: async (w, as) => ({
      body: {
        code: await codeOfBrandA(w),
        userId: as.user?.id === w.users.shopper.id ? w.users.otherShopper.id : w.users.shopper.id,
      },
    }),
  },
];
