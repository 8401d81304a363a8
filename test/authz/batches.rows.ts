// Authorization matrix rows: bulk unique codes (API.md part 2, "Bulk unique codes") — brands only;
// another brand's batch is not found (404), never forbidden.
import { createBatch } from "../../lib/discounts/batches";
import { createBatchBodySchema } from "../../lib/discounts/batch-schemas";
import type { AuthzRow, World } from "./types";
import { byPersona } from "./types";

const body = () => ({ prefix: "MATRIX", count: 2, discount: 10, validUntil: new Date(Date.now() + 7 * 86_400_000).toISOString() });

/** A fresh batch of brand A (the brandAdmin's brand); its job is not run (the matrix dispatches nothing). */
async function batchOfBrandA(w: World): Promise<string> {
  const admin = w.users.brandAdmin;
  const batch = await createBatch({ db: w.db, clock: () => new Date(), events: { dispatch: () => {} } }, { actor: { user: { id: admin.id, seq: admin.seq }, brands: [admin.brand!] }, body: createBatchBodySchema.parse(body()) });
  return batch.id;
}

const brandAOnly = (ok: number) => byPersona({ anonymous: 401, badToken: 401, shopper: 403, otherShopper: 403, brandAdmin: ok, otherBrandAdmin: 404 });

export const rows: AuthzRow[] = [
  {
    route: "/api/v1/discountcode/batch",
    method: "POST",
    what: "brands only, for their own brand",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 403, otherShopper: 403, brandAdmin: 202, otherBrandAdmin: 202 }),
    request: () => ({ body: body() }),
  },
  {
    route: "/api/v1/discountcode/batch",
    method: "GET",
    what: "a brand's own batches: brands only",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 403, otherShopper: 403, brandAdmin: 200, otherBrandAdmin: 200 }),
  },
  {
    route: "/api/v1/discountcode/batch/[id]",
    method: "GET",
    what: "brand A's batch: its admin; another brand's admin gets 404",
    expect: brandAOnly(200),
    request: async (w) => ({ path: `/api/v1/discountcode/batch/${await batchOfBrandA(w)}` }),
  },
  {
    route: "/api/v1/discountcode/batch/[id]/codes.csv",
    method: "GET",
    what: "brand A's codes as CSV: its admin; another brand's admin gets 404",
    expect: brandAOnly(200),
    request: async (w) => ({ path: `/api/v1/discountcode/batch/${await batchOfBrandA(w)}/codes.csv` }),
  },
];
