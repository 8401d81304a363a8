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
export { listCodes, encodeCursor, decodeCursor } from "./list-codes";
export { redeemCode, STALE_CLAIM_MS } from "./redeem-code";
