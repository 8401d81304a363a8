// Codes change rarely — they are immutable once created; only a brand's deletion removes them — so
// lookups by id go through a small in-process cache: a redemption with a warm cache costs no
// database round-trip for the code. Entries live CODE_TTL_MS (bounding how long a deleted code
// can linger on another instance), concurrent misses for one id share one query, and the cache
// is per database handle (tests open many). Misses are not cached: a code created on another
// instance is visible at once.
import { eq } from "drizzle-orm";
import type { Db } from "../db";
import { brands, discountCodes, discountRules } from "../db/schema";

export const CODE_TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

export interface CodeRecord {
  id: string;
  code: string;
  ruleId: number;
  percent: number;
  brand: { id: string; name: string };
  validFrom: Date;
  validUntil: Date;
  createdAt: Date;
}

interface Entry {
  value: Promise<CodeRecord | null>;
  expires: number;
}

const caches = new WeakMap<Db, Map<string, Entry>>();

function cacheOf(db: Db): Map<string, Entry> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  return cache;
}

/** The code with its rule's percentage and its brand, by id: one query on a miss, none on a hit. */
export function loadCode(db: Db, id: string): Promise<CodeRecord | null> {
  const cache = cacheOf(db);
  const now = performance.now();
  const hit = cache.get(id);
  if (hit && hit.expires > now) return hit.value;

  const value = fetchCode(db, id);
  const entry: Entry = { value, expires: now + CODE_TTL_MS };
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!); // oldest first
  cache.set(id, entry);
  // Keep only found codes; a miss or an error is asked again next time.
  value.then(
    (code) => {
      if (!code && cache.get(id) === entry) cache.delete(id);
    },
    () => {
      if (cache.get(id) === entry) cache.delete(id);
    },
  );
  return value;
}

/** Seeds the cache with a code just created in this process. */
export function rememberCode(db: Db, code: CodeRecord): void {
  cacheOf(db).set(code.id, { value: Promise.resolve(code), expires: performance.now() + CODE_TTL_MS });
}

export function forgetCode(db: Db, id: string): void {
  cacheOf(db).delete(id);
}

async function fetchCode(db: Db, id: string): Promise<CodeRecord | null> {
  const [row] = await db
    .select({
      id: discountCodes.id,
      code: discountCodes.code,
      ruleId: discountCodes.ruleId,
      percent: discountRules.percent,
      brandId: discountCodes.brandId,
      brandName: brands.name,
      validFrom: discountCodes.validFrom,
      validUntil: discountCodes.validUntil,
      createdAt: discountCodes.createdAt,
    })
    .from(discountCodes)
    .innerJoin(discountRules, eq(discountRules.id, discountCodes.ruleId))
    .innerJoin(brands, eq(brands.id, discountCodes.brandId))
    .where(eq(discountCodes.id, id))
    .limit(1);
  if (!row) return null;
  const { brandId, brandName, ...rest } = row;
  return { ...rest, brand: { id: brandId, name: brandName } };
}
