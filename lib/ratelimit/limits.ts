// Every limit the product enforces, in one place (README-style table in the report and below).
// Picked as a real storefront would: generous enough that no honest person meets them — a
// shopper mistypes a password a few times, an office shares one IP — tight enough that guessing
// passwords or codes, or minting accounts, is hopeless at scale.
//
//   what                                   counted per  limit  window  counted when
//   sign-in failures (page and API token)  email           10  15 min  a wrong password/unknown email
//   sign-in failures                       client IP      100   1 h    the same
//   registrations                          client IP       10   1 h    every sign-up that passes validation
//   API tokens issued                      user            30   1 h    POST /api/v1/auth/token succeeds
//   codes created (API and dashboard)      brand           60   1 h    every create attempt that passes auth
//   code batches (API and dashboard)       brand           10   1 h    every batch request that passes auth
//   code lookup misses (and redemptions)   user            20   1 min  404 (lib/discounts/rate-limit.ts, in the ledger)
//   code lookup misses (and redemptions)   client IP       30   1 min  404 (across every account on that IP)
//
// Sign-in counts failures only: an attempt is counted before the password is checked (so
// parallel guesses cannot overshoot) and given back when it succeeds.
import type { RateRule } from "./types";

const MIN = 60;
const HOUR = 3600;

export const LIMITS = {
  signInPerEmail: { name: "signin-email", limit: 10, windowSeconds: 15 * MIN, what: "Too many failed sign-ins for this email." },
  signInPerIp: { name: "signin-ip", limit: 100, windowSeconds: HOUR, what: "Too many failed sign-ins from your network." },
  registerPerIp: { name: "register-ip", limit: 10, windowSeconds: HOUR, what: "Too many sign-ups from your network." },
  tokensPerUser: { name: "token-user", limit: 30, windowSeconds: HOUR, what: "Too many API tokens issued for this account." },
  codesPerBrand: { name: "code-brand", limit: 60, windowSeconds: HOUR, what: "Too many discount codes created for this brand." },
  batchesPerBrand: { name: "batch-brand", limit: 10, windowSeconds: HOUR, what: "Too many code batches created for this brand." },
  lookupMissesPerIp: { name: "miss-ip", limit: 30, windowSeconds: MIN, what: "Too many lookups of codes that do not exist." },
} as const satisfies Record<string, RateRule>;
