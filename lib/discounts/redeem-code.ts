// Redeeming a code (POST /api/v1/discountcodeusage), ARCHITECTURE.md "Redemption, step by step".
// The checks run in API.md's order — the caller is the userId (403) → the code exists (404) →
// it has started (422 not_yet_valid) and not ended (422 expired) → this user has not used it
// (409 already_used); a caller out of lookup budget gets 429 instead of any answer about the code
// (rate-limit.ts). Then:
//   1. claim (user, code) in the usage ledger: one atomic operation; lost → 409 — after
//      reconciling (below);
//   2. write the usage record and its outbox row `discount/code.redeemed` atomically; if that
//      fails, give the claim back and answer 503 — never a 201 without a record;
//   3. publish the event after commit; answer with the pricing.
// With a warm code cache that is one ledger operation and one database statement.
//
// Reconciliation, on the refusal path only. A process that dies between a won claim and its
// write (crash, kill -9, deploy) leaves a claim without a record, which would refuse that shopper
// until the code ends. So a lost claim is checked against usage_records (one lookup on the unique
// (code_id, user_id) index): a record → 409. No record → either the winner is still writing (a
// claim younger than STALE_CLAIM_MS: 409, never two 201s) or the claim is stranded: it is
// released by compare-and-delete (only that very claim, never one made since) and claimed once
// more. Should a "stranded" winner still be writing after all, the unique index lets only one of
// the two records in; the other request answers 409.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db";
import { outboxEvents, usageRecords } from "../db/schema";
import { DomainError } from "../errors";
import type { EventPayloads } from "../events/types";
import { newId } from "../ids";
import type { ClaimRef, ClaimResult, UsageLedger } from "../ledger/types";
import type { CodeRecord } from "./code-cache";
import { findCode } from "./get-code";
import type { Actor, DiscountPorts } from "./ports";
import { priceOf, pricingInputOf, type Pricing } from "./pricing";
import { assertMayLookUp, lookupGuard, rateLimited } from "./rate-limit";
import type { RedeemBody, Redemption } from "./schemas";
import { codeStatus } from "./status";

export async function redeemCode(ports: DiscountPorts, actor: Actor, input: RedeemBody): Promise<Redemption> {
  if (input.userId !== actor.user.id) {
    throw new DomainError("forbidden", "A user can only redeem codes for themselves: userId must be your own id.");
  }
  // The request's money must add up before anything is claimed (422).
  const pricingInput = pricingInputOf(input);
  const now = ports.clock();
  const code = await findCode(ports, actor, input.code, now);
  const status = codeStatus(code, now);
  // A user out of lookup budget learns nothing about the code, not even its window.
  if (status !== "active") await assertMayLookUp(ports.ledger, actor.user.id, now);
  if (status === "scheduled") {
    throw new DomainError("not_yet_valid", `The code ${code.code} is valid from ${code.validFrom.toISOString()}.`);
  }
  if (status === "expired") {
    throw new DomainError("expired", `The code ${code.code} expired at ${code.validUntil.toISOString()}.`);
  }
  const pricing = priceOf(pricingInput, { brandId: code.brand.id, percent: code.percent });

  const ref: ClaimRef = { codeId: code.id, user: actor.user };
  const claimOpts = { expiresAt: code.validUntil, now, guard: lookupGuard(actor.user.id, now) };
  let claim = await claimOrUnavailable(ports.ledger, ref, claimOpts);
  if (claim.status === "taken") claim = await reconcile(ports, ref, claim.claimedAt, claimOpts);
  if (claim.status === "limited") throw rateLimited(now);
  if (claim.status === "taken") throw alreadyUsed(code);
  const claimedAt = claim.claimedAt;

  const usageId = newId("usage", now.getTime());
  let outboxId: number;
  try {
    outboxId = await recordUsage(ports.db, { usageId, code, userId: actor.user.id, pricing, usedAt: now });
  } catch (e) {
    // A record for this (code, user) already exists: the user has used the code (the ledger had
    // lost that claim, or a winner taken for stranded wrote after all). Keep the claim — it is true.
    if (sqlState(e) === "23505") throw alreadyUsed(code);
    // This request's own claim only (compare-and-delete), never one made since.
    await ports.ledger.release(ref, { claimedAt }).catch((err: unknown) => {
      console.error(`redeem: could not release the claim of ${actor.user.id} on ${code.id}`, err);
    });
    throw unavailable("the usage record could not be written", e);
  }
  ports.events.dispatch([outboxId]);

  return {
    id: usageId,
    code: code.code,
    userId: actor.user.id,
    usedAt: now.toISOString(),
    discount: code.percent,
    ...(pricing ? { pricing } : {}),
  };
}

/**
 * How old a claim without a usage record must be before it counts as stranded. The write it
 * waits for is one statement, milliseconds long (seconds under heavy load): 30 s is far above
 * any write that will still land — and above the clock skew between instances, since a claim's
 * time is its claimant's clock. Too short would risk nothing worse than a 409 for the in-flight
 * writer (the unique index keeps one record); too long only delays the shopper's retry.
 */
export const STALE_CLAIM_MS = 30_000;

async function claimOrUnavailable(
  ledger: UsageLedger,
  ref: ClaimRef,
  opts: Parameters<UsageLedger["claim"]>[1],
): Promise<ClaimResult> {
  try {
    return await ledger.claim(ref, opts);
  } catch (e) {
    throw unavailable("the usage ledger did not answer", e);
  }
}

/**
 * A lost claim: stays lost if a record backs it or it is fresh; a stranded one (no record, older
 * than STALE_CLAIM_MS) is released if it is still that claim, and claimed once more.
 */
async function reconcile(
  ports: DiscountPorts,
  ref: ClaimRef,
  claimedAt: Date | null,
  opts: Parameters<UsageLedger["claim"]>[1],
): Promise<ClaimResult> {
  const taken: ClaimResult = { status: "taken", claimedAt };
  let used: boolean;
  try {
    used = await hasUsageRecord(ports.db, ref);
  } catch (e) {
    throw unavailable("the usage records could not be read", e);
  }
  if (used) return taken;
  // Unknown (made while the claim ran) or younger than the grace period: a winner still writing.
  if (!claimedAt || opts.now.getTime() - claimedAt.getTime() < STALE_CLAIM_MS) return taken;
  let released: boolean;
  try {
    released = await ports.ledger.release(ref, { claimedAt });
  } catch (e) {
    throw unavailable("the usage ledger did not answer", e);
  }
  if (released) {
    console.warn(`redeem: released a stranded claim of ${ref.user.id} on ${ref.codeId} (claimed ${claimedAt.toISOString()}, no record)`);
  }
  // Whether this call or a concurrent reconciler released it, the claim decides: exactly one of
  // any number of callers wins it. Once only: a claim lost again is a fresh one.
  return claimOrUnavailable(ports.ledger, ref, opts);
}

/** Whether (code, user) has a usage record: one lookup on the unique (code_id, user_id) index. */
async function hasUsageRecord(db: Db, ref: ClaimRef): Promise<boolean> {
  const rows = await db
    .select({ id: usageRecords.id })
    .from(usageRecords)
    .where(and(eq(usageRecords.codeId, ref.codeId), eq(usageRecords.userId, ref.user.id)))
    .limit(1);
  return rows.length === 1;
}

/**
 * The usage record and its outbox row in ONE statement: a data-modifying CTE is atomic like a
 * transaction, and costs one round-trip instead of four (BEGIN, two INSERTs, COMMIT). The outbox
 * row is the one enqueueEvent (lib/events/outbox.ts) writes.
 */
async function recordUsage(
  db: Db,
  r: { usageId: string; code: CodeRecord; userId: string; pricing: Pricing | undefined; usedAt: Date },
): Promise<number> {
  const payload: EventPayloads["discount/code.redeemed"] = {
    usageId: r.usageId,
    codeId: r.code.id,
    brandId: r.code.brand.id,
    userId: r.userId,
  };
  const p = r.pricing;
  const result = await db.execute<{ id: number | string }>(sql`
    with usage as (
      insert into ${usageRecords}
        (id, code_id, user_id, brand_id, percent, currency, subtotal, eligible_subtotal, discount_amount, total, used_at)
      values (${r.usageId}, ${r.code.id}, ${r.userId}, ${r.code.brand.id}, ${r.code.percent},
        ${p?.currency ?? null}, ${p?.subtotal ?? null}, ${p?.eligibleSubtotal ?? null}, ${p?.discountAmount ?? null},
        ${p?.total ?? null}, ${r.usedAt.toISOString()})
      returning id
    )
    insert into ${outboxEvents} (event_id, name, payload)
    select ${randomUUID()}, ${"discount/code.redeemed"}, ${JSON.stringify(payload)}::jsonb from usage
    returning id`);
  // postgres.js returns the rows as an array, PGlite as `{ rows }`.
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: { id: number | string }[] }).rows) as {
    id: number | string;
  }[];
  return Number(rows[0]!.id);
}

function alreadyUsed(code: CodeRecord) {
  return new DomainError("already_used", `You have already used the code ${code.code}.`);
}

function unavailable(what: string, cause: unknown) {
  console.error(`redeem: ${what}`, cause);
  return new DomainError("unavailable", "The redemption could not be recorded and nothing was used; try again shortly.");
}

/** The SQLSTATE of a database error, through the wrappers drivers and drizzle put around it. */
function sqlState(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}
