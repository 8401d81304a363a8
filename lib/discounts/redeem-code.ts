// Redeeming a code (POST /api/v1/discountcodeusage), ARCHITECTURE.md "Redemption, step by step".
// The checks run in API.md's order (checks.ts) — the caller is the userId (403) → the code exists
// (404) → it has started (422 not_yet_valid) and not ended (422 expired) → not deactivated (422) →
// the user is eligible (422 not_eligible, one indexed query, only for rules with eligibility) →
// this user has not used it (409 already_used) → the cart has the brand's products (422
// no_eligible_items) → currencies agree (422) → the minimum is met (422 minimum_not_met) → a use is
// left (409 exhausted). A refused redemption changes nothing: the rule's refusals are decided
// before the claim (asking the ledger whether the user holds a claim only when one applies, so
// already_used still comes first), and the claim itself decides already_used and exhausted in one
// atomic step. A caller out of lookup budget gets 429 instead of any answer about the code
// (rate-limit.ts). Then:
//   1. claim (user, code) in the usage ledger: one atomic operation; lost → 409 — after
//      reconciling (below);
//   2. write the usage record (`confirmed`, or `reserved` until expiresAt with `hold: true`), its
//      outbox rows (`discount/code.redeemed` when confirmed — the brand is emailed on confirm, not
//      on reserve —, `discount/code.exhausted` when this took a capped code's last use) and (with
//      an Idempotency-Key) the request's answer in ONE statement; then publish and answer.
//      The statement re-checks that the code is not deactivated (a cached code may not know yet).
// With a warm code cache that is one ledger operation and one database statement.
//
// Never lie about a write (issue 9). When the write fails, what the claim becomes depends on
// whether the record may have committed (lib/db/faults.ts):
//   - certainly not (the server answered with an error — it rolled back —, or no connection was
//     ever made): the claim is given back (compare-and-delete) and the answer is 503;
//   - unknown (the connection broke or stalled after sending): the claim is KEPT and marked
//     unresolved in the ledger (best effort, bounded), and the answer is 503 with Retry-After.
//     Releasing it could let a committed use be claimed again; keeping it lets the next attempt
//     learn the truth from usage_records.
// The write can only commit within COMMIT_WINDOW_MS of the request (the INSERT checks the
// database's clock), so STALE_CLAIM_MS after its claim a write's outcome is settled for good.
//
// Reconciliation, on the refusal path only: a lost claim is checked against usage_records (one
// lookup on the unique (code_id, user_id) index).
//   - A record, written with this request's Idempotency-Key → 201, the original answer rebuilt
//     from the record (normally the key's stored answer replays it before we get here).
//   - A record, and the claim is marked unresolved (its 201 was never delivered: the claimant
//     answered 503) → 201 from the record — the same usage, the same body — and the mark is
//     cleared: the shopper got the discount, and is told so once. Otherwise → 409 already_used.
//   - No record, the claim older than STALE_CLAIM_MS → stranded (its process died, or its write
//     failed with an unknown outcome and did not commit): released by compare-and-delete (only
//     that very claim) and claimed once more.
//   - No record, younger: an unresolved claim → 503 with Retry-After until it is settled (its write
//     may still land); otherwise a winner still writing → 409 (never two 201s).
// Should a "stranded" winner still be writing after all, the unique index lets only one of the two
// records in; the other request answers 409.
// Limits: a claim whose mark could not be written (the ledger is the database, and it is down) is
// reconciled as an ordinary one: a retry within STALE_CLAIM_MS over a record that did commit gets
// 409. On Upstash (production), the mark goes to Redis, which a database outage does not touch.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { executeRows, type Db } from "../db";
import { writeOutcomeOf } from "../db/faults";
import { discountCodes, outboxEvents, usageRecords, type UsageRecord } from "../db/schema";
import { DomainError } from "../errors";
import type { EventPayloads } from "../events/types";
import { storedAnswerSql, type IdempotencySlot } from "../http/idempotency";
import { newId } from "../ids";
import type { ClaimRef, ClaimResult, UsageLedger } from "../ledger/types";
import { log, sqlState, summarizeError } from "../log";
import { forgetCode, type CodeRecord } from "./code-cache";
import { findCode } from "./get-code";
import type { Actor, DiscountPorts } from "./ports";
import { isEligible } from "./eligibility";
import { priceOf, pricingInputOf, pricingRefusalOf, type Pricing } from "./pricing";
import { assertIpMayLookUp, assertMayLookUp, lookupGuard, rateLimited } from "./rate-limit";
import type { RedeemBody, Redemption } from "./schemas";
import { codeStatus } from "./status";
import { claimRefOf, endUsage, liveUsageRecord, usageView } from "./usages";
import { possessive } from "../possessive";

/** A hold's length unless the request says (API.md: 60–3600 s, default 900). */
export const DEFAULT_HOLD_SECONDS = 900;

/** A usage record commits within this long of its request or never (checked by the INSERT itself). */
export const COMMIT_WINDOW_MS = 4_000;

/**
 * How old a claim without a usage record must be before it counts as stranded. Its write could
 * only commit within COMMIT_WINDOW_MS of the claim (plus the statement timeout, 2.5 s, if it was
 * blocked); the rest is a margin for the clock skew between instances and the database, since a
 * claim's time is its claimant's clock. A write cannot land after that, so releasing the claim
 * never lets a second record in — and the unique index would refuse it anyway.
 */
export const STALE_CLAIM_MS = 10_000;

/** How long a request waits to mark its claim unresolved before answering 503 anyway. */
const MARK_WAIT_MS = 500;

export interface RedeemOptions {
  /** The request's Idempotency-Key: its answer is written with the usage record (lib/http/idempotency.ts). */
  idempotency?: IdempotencySlot;
}

export async function redeemCode(ports: DiscountPorts, { actor, input, ...opts }: { actor: Actor; input: RedeemBody } & RedeemOptions): Promise<Redemption> {
  if (input.userId !== actor.user.id) {
    throw new DomainError("forbidden", "A user can only redeem codes for themselves: userId must be your own id.");
  }
  // The request's money must add up before anything is claimed (422).
  const pricingInput = pricingInputOf(input);
  const now = ports.clock();
  // The write's deadline is real time (the database's clock checks it), whatever clock the domain runs on.
  const commitBy = new Date(Date.now() + COMMIT_WINDOW_MS);
  // An IP this process has seen out of budget learns nothing about the code (no round-trip).
  assertIpMayLookUp(ports, actor);
  const code = await findCode(ports, { actor, ref: input.code, now });
  const status = codeStatus(code, now);
  // A user out of lookup budget learns nothing about the code, not even its window.
  if (status !== "active") await assertMayLookUp(ports, { actor, now });
  if (status === "scheduled") {
    throw new DomainError("not_yet_valid", `The code ${code.code} is valid from ${code.validFrom.toISOString()}.`);
  }
  if (status === "expired") {
    throw new DomainError("expired", `The code ${code.code} expired at ${code.validUntil.toISOString()}.`);
  }
  if (code.deactivatedAt && code.deactivatedAt.getTime() <= now.getTime()) throw deactivated(code);
  if (code.rule.eligibility && !(await eligibleOrUnavailable(ports, { userId: actor.user.id, code }))) {
    throw new DomainError("not_eligible", `The code ${code.code} is for shoppers who meet ${possessive(code.brand.name, "'")} conditions on earlier orders; you do not yet.`);
  }
  const ref: ClaimRef = claimRefOf(code, actor.user);
  const refusal = pricingRefusalOf(pricingInput, { brandId: code.brand.id, code: code.code, rule: code.rule });
  if (refusal) {
    // already_used comes before the rule's refusals: ask the ledger only now (no claim is made).
    if (await isClaimedOrUnavailable(ports.ledger, { ref, now })) throw alreadyUsed(code);
    const { code: refusalCode, message } = refusal;
    throw new DomainError(refusalCode, message, refusal.code === "minimum_not_met" ? { extra: { minimum: refusal.minimum, missing: refusal.missing } } : {});
  }
  const pricing = priceOf(pricingInput, { brandId: code.brand.id, rule: code.rule });

  const claimOpts = { expiresAt: code.validUntil, now, guard: lookupGuard(actor.user.id, now) };
  let claim = await claimOrUnavailable(ports.ledger, ref, claimOpts);
  if (claim.status === "taken") {
    const settled = await reconcile(ports, { ref, standing: claim, claimOpts, req: { code, key: opts.idempotency?.key } });
    if ("replay" in settled) return settled.replay;
    claim = settled;
  }
  if (claim.status === "limited") throw rateLimited(now);
  if (claim.status === "taken") throw alreadyUsed(code);
  if (claim.status === "exhausted") throw new DomainError("exhausted", `The code ${code.code} has no uses left.`);
  const claimedAt = claim.claimedAt;
  const exhaustedNow = code.maxRedemptions !== null && claim.uses === code.maxRedemptions;

  const usageId = newId("usage", now.getTime());
  const hold = input.hold === true;
  const expiresAt = hold ? new Date(now.getTime() + (input.holdSeconds ?? DEFAULT_HOLD_SECONDS) * 1000) : null;
  const record = newUsageRecord({ id: usageId, code, userId: actor.user.id, usedAt: now, pricing, expiresAt, key: opts.idempotency?.key });
  // The answer is the record's view: a replay rebuilt from the row later is the same body.
  const redemption = usageView(record, code);
  let outboxIds: number[] | null;
  try {
    outboxIds = await recordUsage(ports.db, { record, exhaustedNow, commitBy, redemption, slot: opts.idempotency });
  } catch (e) {
    // A record for this (code, user) already exists: the user has used the code (the ledger had
    // lost that claim, or a winner taken for stranded wrote after all). Keep the claim — it is true.
    if (writeOutcomeOf(e) === "failed" && sqlState(e) === "23505") throw alreadyUsed(code);
    if (writeOutcomeOf(e) === "unknown") {
      // The record may have committed: keep the claim, and say so on it for the next attempt.
      await markUnresolved(ports.ledger, { ref, claimedAt });
      log.warn({ err: summarizeError(e), codeId: code.id, userId: actor.user.id }, "redeem: usage write outcome unknown; claim kept");
      throw new DomainError(
        "unavailable",
        "The redemption could not be confirmed: the database stopped answering. Retry shortly (with the same Idempotency-Key if you sent one) to learn whether the code was used.",
        { extra: { retryAfter: 2 } },
      );
    }
    await releaseOwn(ports.ledger, { ref, claimedAt });
    throw unavailable("the usage record could not be written", e);
  }
  if (outboxIds === null) {
    // Refused by the commit window (the statement ran too late) or the code was deactivated
    // meanwhile (on another instance): certainly not written.
    await releaseOwn(ports.ledger, { ref, claimedAt });
    if (await deactivatedSince(ports.db, { codeId: code.id, now })) {
      forgetCode(ports.db, code.id); // deactivated elsewhere: this process's cache learns it now
      throw deactivated(code);
    }
    throw unavailable("the usage record's write window had passed", null);
  }
  if (opts.idempotency) opts.idempotency.stored = true;
  if (outboxIds.length) ports.events.dispatch(outboxIds);
  return redemption;
}

/** The usage record a redemption writes: reserved until expiresAt with a hold, else confirmed at once. */
function newUsageRecord(r: {
  id: string;
  code: CodeRecord;
  userId: string;
  usedAt: Date;
  pricing: Pricing | undefined;
  expiresAt: Date | null;
  key: string | undefined;
}): UsageRecord {
  const p = r.pricing;
  return {
    id: r.id,
    codeId: r.code.id,
    userId: r.userId,
    brandId: r.code.brand.id,
    percent: r.code.percent,
    currency: p?.currency ?? null,
    subtotal: p?.subtotal ?? null,
    eligibleSubtotal: p?.eligibleSubtotal ?? null,
    discountAmount: p?.discountAmount ?? null,
    total: p?.total ?? null,
    idempotencyKey: r.key ?? null,
    usedAt: r.usedAt,
    status: r.expiresAt ? "reserved" : "confirmed",
    expiresAt: r.expiresAt,
    orderId: null,
    confirmedAt: r.expiresAt ? null : r.usedAt,
    endedAt: null,
    reversalReason: null,
  };
}

function deactivated(code: CodeRecord) {
  return new DomainError("deactivated", `The code ${code.code} was ended early by ${code.brand.name}.`);
}

async function deactivatedSince(db: Db, { codeId, now }: { codeId: string; now: Date }): Promise<boolean> {
  const [row] = await db.select({ at: discountCodes.deactivatedAt }).from(discountCodes).where(eq(discountCodes.id, codeId));
  return !!row?.at && row.at.getTime() <= now.getTime();
}

async function eligibleOrUnavailable(ports: DiscountPorts, { userId, code }: { userId: string; code: CodeRecord }): Promise<boolean> {
  try {
    return await isEligible(ports.db, { userId, code });
  } catch (e) {
    throw unavailable("the order history could not be read", e);
  }
}

async function isClaimedOrUnavailable(ledger: UsageLedger, { ref, now }: { ref: ClaimRef; now: Date }): Promise<boolean> {
  try {
    return await ledger.isClaimed(ref, now);
  } catch (e) {
    throw unavailable("the usage ledger did not answer", e);
  }
}

async function releaseOwn(ledger: UsageLedger, { ref, claimedAt }: { ref: ClaimRef; claimedAt: Date }): Promise<void> {
  // This request's own claim only (compare-and-delete), never one made since.
  await ledger.release(ref, { claimedAt }).catch((err: unknown) => {
    log.error({ err: summarizeError(err), codeId: ref.codeId, userId: ref.user.id }, "redeem: could not release the claim");
  });
}

/** Marks the claim unresolved, waiting at most MARK_WAIT_MS (the ledger may be down too). */
async function markUnresolved(ledger: UsageLedger, { ref, claimedAt }: { ref: ClaimRef; claimedAt: Date }): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const marked = ledger.mark(ref, { claimedAt, unresolved: true }).catch((err: unknown) => {
    log.warn({ err: summarizeError(err), codeId: ref.codeId, userId: ref.user.id }, "redeem: could not mark the claim unresolved");
    return false;
  });
  await Promise.race([marked, new Promise((r) => (timer = setTimeout(r, MARK_WAIT_MS)))]);
  clearTimeout(timer);
}

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
 * A lost claim, settled against usage_records (see the top of this file): the original 201 when
 * a record backs it that this request or an undelivered answer owns; taken (409) when a record
 * backs it otherwise, or when it is fresh; 503 while an unresolved one may still be written; a
 * stranded one is released if it is still that claim, and claimed once more.
 */
async function reconcile(
  ports: DiscountPorts,
  {
    ref,
    standing,
    claimOpts: opts,
    req,
  }: {
    ref: ClaimRef;
    standing: Extract<ClaimResult, { status: "taken" }>;
    claimOpts: Parameters<UsageLedger["claim"]>[1];
    req: { code: CodeRecord; key: string | undefined };
  },
): Promise<ClaimResult | { replay: Redemption }> {
  const { claimedAt, unresolved } = standing;
  let record: UsageRecord | undefined;
  try {
    record = await liveUsageRecord(ports.db, { codeId: ref.codeId, userId: ref.user.id });
  } catch (e) {
    throw unavailable("the usage records could not be read", e);
  }
  if (record && record.status === "reserved" && record.expiresAt && record.expiresAt.getTime() <= opts.now.getTime()) {
    // The user's hold has run out but the expiry job has not got to it: release it now (exactly
    // once, whoever does it) and claim again.
    try {
      await endUsage(ports, record, { to: "released", now: opts.now, cap: ref.cap ?? null, userSeq: ref.user.seq });
    } catch (e) {
      throw unavailable("an expired hold could not be released", e);
    }
    return claimOrUnavailable(ports.ledger, ref, opts);
  }
  if (record) {
    if (req.key !== undefined && record.idempotencyKey === req.key) return { replay: usageView(record, req.code) };
    if (unresolved && claimedAt && record.usedAt.getTime() === claimedAt.getTime()) {
      // Its claimant answered 503 over a write that did commit: this is that redemption's 201.
      await ports.ledger.mark(ref, { claimedAt, unresolved: false }).catch(() => false);
      log.info({ codeId: ref.codeId, userId: ref.user.id }, "redeem: answered an unresolved redemption from its record");
      return { replay: usageView(record, req.code) };
    }
    return standing;
  }
  // Unknown (made while the claim ran): a winner still writing.
  if (!claimedAt) return standing;
  const age = opts.now.getTime() - claimedAt.getTime();
  if (age < STALE_CLAIM_MS) {
    if (!unresolved) return standing; // a winner still writing
    const wait = Math.max(1, Math.ceil((STALE_CLAIM_MS - age) / 1000));
    throw new DomainError(
      "unavailable",
      `Your previous attempt's outcome is still being settled; retry in ${wait} s to learn whether the code was used.`,
      { extra: { retryAfter: wait } },
    );
  }
  let released: boolean;
  try {
    released = await ports.ledger.release(ref, { claimedAt });
  } catch (e) {
    throw unavailable("the usage ledger did not answer", e);
  }
  if (released) {
    log.warn({ codeId: ref.codeId, userId: ref.user.id, claimedAt: claimedAt.toISOString(), unresolved: !!unresolved }, "redeem: released a stranded claim (no record)");
  }
  // Whether this call or a concurrent reconciler released it, the claim decides: exactly one of
  // any number of callers wins it. Once only: a claim lost again is a fresh one.
  return claimOrUnavailable(ports.ledger, ref, opts);
}

/**
 * The usage record, its outbox rows and (with an Idempotency-Key) the request's answer in ONE
 * statement: a data-modifying CTE is atomic like a transaction, and costs one round-trip instead
 * of five. The outbox rows are the ones enqueueEvent (lib/events/outbox.ts) writes: the brand's
 * notice when the use is confirmed at once (a hold notifies on confirm), and `code.exhausted` when
 * this use was a capped code's last. The INSERT only happens while the database's clock is before
 * `commitBy` — a statement delivered late (a network that held it) writes nothing, so a claim
 * older than STALE_CLAIM_MS can no longer gain a record — and while the code is not deactivated.
 * Returns the outbox rows' ids, or null when nothing was written.
 */
async function recordUsage(
  db: Db,
  r: { record: UsageRecord; exhaustedNow: boolean; commitBy: Date; redemption: Redemption; slot: IdempotencySlot | undefined },
): Promise<number[] | null> {
  const u = r.record;
  const redeemed: EventPayloads["discount/code.redeemed"] = { usageId: u.id, codeId: u.codeId, brandId: u.brandId, userId: u.userId };
  const exhausted: EventPayloads["discount/code.exhausted"] = { codeId: u.codeId, brandId: u.brandId };
  const at = (d: Date | null) => d?.toISOString() ?? null;
  const events: { name: string; payload: unknown }[] = [
    ...(u.status === "confirmed" ? [{ name: "discount/code.redeemed", payload: redeemed }] : []),
    ...(r.exhaustedNow ? [{ name: "discount/code.exhausted", payload: exhausted }] : []),
  ];
  const answer = r.slot ? sql`, answer as (${storedAnswerSql(r.slot, { answer: { status: 201, text: JSON.stringify(r.redemption) }, source: sql`usage` })})` : sql``;
  const outbox = events.length
    ? sql`, outbox as (
      insert into ${outboxEvents} (event_id, name, payload)
      select e.event_id, e.name, e.payload from usage, (values ${sql.join(
        events.map((e) => sql`(${randomUUID()}, ${e.name}, ${JSON.stringify(e.payload)}::jsonb)`),
        sql`, `,
      )}) as e(event_id, name, payload)
      returning id
    )`
    : sql``;
  const rows = await executeRows<{ id: number | string | null }>(db, sql`
    with usage as (
      insert into ${usageRecords}
        (id, code_id, user_id, brand_id, percent, currency, subtotal, eligible_subtotal, discount_amount, total, idempotency_key, used_at,
         status, expires_at, confirmed_at)
      select ${u.id}, ${u.codeId}, ${u.userId}, ${u.brandId}, ${u.percent}::integer,
        ${u.currency}, ${u.subtotal}::integer, ${u.eligibleSubtotal}::integer, ${u.discountAmount}::integer,
        ${u.total}::integer, ${u.idempotencyKey}, ${at(u.usedAt)}::timestamptz,
        ${u.status}, ${at(u.expiresAt)}::timestamptz, ${at(u.confirmedAt)}::timestamptz
      where clock_timestamp() < ${r.commitBy.toISOString()}::timestamptz
        and not exists (select 1 from ${discountCodes} d where d.id = ${u.codeId} and d.deactivated_at <= ${at(u.usedAt)}::timestamptz)
      returning id
    )${answer}${outbox}
    ${events.length ? sql`select id from outbox union all select null from usage` : sql`select null as id from usage`}`);
  if (!rows.length) return null;
  return rows.filter((row) => row.id !== null).map((row) => Number(row.id));
}

function alreadyUsed(code: CodeRecord) {
  return new DomainError("already_used", `You have already used the code ${code.code}.`);
}

function unavailable(what: string, cause: unknown) {
  log.error({ err: cause === null ? undefined : summarizeError(cause) }, `redeem: ${what}`);
  return new DomainError("unavailable", "The redemption could not be recorded and nothing was used; try again shortly.", {
    extra: { retryAfter: 1 },
  });
}

