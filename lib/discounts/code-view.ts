// The fields every code carries in an answer (API.md part 2: "always present, null where unset"),
// from the cached record and its count of live uses.
import type { CodeRecord } from "./code-cache";
import type { RuleView } from "./schemas";
import { displayStatus, type CodeStatus } from "./status";

export interface CodeLimitsView {
  rule: RuleView;
  maxRedemptions: number | null;
  redemptions: number;
  remaining: number | null;
  deactivatedAt: string | null;
}

export function ruleViewOf(code: Pick<CodeRecord, "ruleId" | "rule" | "ruleCreatedAt">): RuleView {
  return { id: code.ruleId, ...code.rule, createdAt: code.ruleCreatedAt.toISOString() };
}

export function codeLimitsView(code: CodeRecord, redemptions: number): CodeLimitsView {
  return {
    rule: ruleViewOf(code),
    maxRedemptions: code.maxRedemptions,
    redemptions,
    remaining: code.maxRedemptions === null ? null : Math.max(0, code.maxRedemptions - redemptions),
    deactivatedAt: code.deactivatedAt?.toISOString() ?? null,
  };
}

export function statusOf(code: CodeRecord, { redemptions, now }: { redemptions: number; now: Date }): CodeStatus {
  return displayStatus(code, { redemptions, now });
}

/** A code in an answer: part 1's fields, its status now, and part 2's limits. */
export function codeView(code: CodeRecord, { redemptions, now }: { redemptions: number; now: Date }) {
  return {
    id: code.id,
    code: code.code,
    discount: code.percent,
    ruleId: code.ruleId,
    brand: code.brand,
    validFrom: code.validFrom.toISOString(),
    validUntil: code.validUntil.toISOString(),
    status: displayStatus(code, { redemptions, now }),
    ...codeLimitsView(code, redemptions),
  };
}

/** A code as the brand's list shows it (GET /discountcode, deactivation). */
export function listedCodeView(code: CodeRecord, { redemptions, now }: { redemptions: number; now: Date }) {
  return { ...codeView(code, { redemptions, now }), createdAt: code.createdAt.toISOString(), batchId: code.batchId };
}
