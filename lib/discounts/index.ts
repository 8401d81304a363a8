// The discount domain: codes, their status, pricing, and the three verbs of the API. Framework-
// free: the database, the usage ledger, the clock and the event dispatcher come in as ports.
export * from "./code";
export * from "./status";
export * from "./pricing";
export * from "./schemas";
export type { Actor, DiscountPorts } from "./ports";
export { loadCode, forgetCode, CODE_TTL_MS, type CodeRecord } from "./code-cache";
export { LOOKUP_MISS_LIMIT, LOOKUP_WINDOW_SECONDS } from "./rate-limit";
export { createCode } from "./create-code";
export { getCode, findCode } from "./get-code";
export { listCodes, countCodes } from "./list-codes";
export { redeemCode, STALE_CLAIM_MS } from "./redeem-code";
export { createRule, getRule, listRules, resolveRule, type Rule, type Money } from "./rules";
export { deactivateCode } from "./deactivate-code";
export { confirmUsage, releaseUsage, reverseUsage, expireHolds, listUsages, usageView } from "./usages";
export { placeOrder, listOrders } from "./orders";
export { isEligible, countEligibleShoppers, meetsEligibility } from "./eligibility";
export { REFUSAL_ORDER, firstRefusal, type Refusal } from "./checks";
