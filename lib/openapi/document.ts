// The OpenAPI 3.1 document of the whole API (API.md), generated with zod-openapi from the very
// zod schemas the routes validate requests with (lib/discounts/schemas.ts, lib/accounts/schemas.ts).
// Served at GET /api/v1/openapi.json and rendered at /docs/api.
import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponseObject } from "zod-openapi";
import {
  introspectionResponseSchema,
  registerBodySchema,
  registerResponseSchema,
  tokenBodySchema,
  tokenResponseSchema,
  verificationSentSchema,
  verifyEmailBodySchema,
  verifyEmailResponseSchema,
} from "../accounts/schemas";
import { changePasswordBodySchema } from "../accounts/change-password";
import {
  codeListSchema,
  codeSchema,
  createCodeBodySchema,
  createdCodeSchema,
  confirmUsageBodySchema,
  createRuleBodySchema,
  emptyBodySchema,
  listCodesQuerySchema,
  listedCodeSchema,
  listOrdersQuerySchema,
  listRulesQuerySchema,
  listUsagesQuerySchema,
  orderListSchema,
  orderSchema,
  placeOrderBodySchema,
  redeemBodySchema,
  redemptionSchema,
  reverseUsageBodySchema,
  ruleListSchema,
  ruleSchema,
  usageListSchema,
} from "../discounts/schemas";
import { batchListSchema, batchSchema, createBatchBodySchema, listBatchesQuerySchema } from "../discounts/batch-schemas";
import { errorCodes, type ErrorCode } from "../errors";
import { createdWebhookSchema, createWebhookBodySchema, webhookDeliveryListSchema, webhookEndpointSchema, webhookListSchema } from "../webhooks/schemas";
import {
  mailboxListSchema,
  mailboxQuerySchema,
  notificationSettingsSchema,
  unsubscribedSchema,
  unsubscribeQuerySchema,
} from "../notifications/schemas";

const errorCodeList = Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]];

export const problemSchema = z
  .object({
    type: z.string().meta({ description: "A URI naming the problem: `/docs/api#error-<code>`." }),
    title: z.string(),
    status: z.int(),
    detail: z.string().meta({ description: "What went wrong, for people." }),
    code: z.enum(errorCodeList).meta({ description: "Stable, machine-readable error code." }),
    errors: z
      .array(z.object({ path: z.string().meta({ example: "discount" }), message: z.string() }))
      .optional()
      .meta({ description: "Field problems (422 validation_failed)." }),
    retryAfter: z.int().optional().meta({ description: "Seconds to wait (429 rate_limited)." }),
    active: z.literal(false).optional().meta({ description: "Token introspection only." }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details." });

const healthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    db: z.enum(["ok", "down"]),
    ledger: z.enum(["ok", "down"]),
  })
  .meta({ id: "Health" });

/** A problem response listing the codes it can carry. */
function problem(...codes: ErrorCode[]): ZodOpenApiResponseObject {
  const list = codes.map((c) => `\`${c}\` (${errorCodes[c].title})`).join(", ");
  return {
    description: list,
    content: { "application/problem+json": { schema: problemSchema } },
  };
}

/**
 * The error responses of an operation, grouped by status from the codes it can answer with. Every
 * operation can answer 503 `unavailable` (a store down, with Retry-After): added to each.
 */
function problems(...given: ErrorCode[]): Record<string, ZodOpenApiResponseObject> {
  const codes: ErrorCode[] = given.includes("unavailable") ? given : [...given, "unavailable"];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of codes) byStatus.set(errorCodes[c].status, [...(byStatus.get(errorCodes[c].status) ?? []), c]);
  const out: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) out[String(status)] = problem(...list);
  return out;
}

const json = (schema: z.ZodType, description: string): ZodOpenApiResponseObject => ({
  description,
  content: { "application/json": { schema } },
});

const bodyErrors: ErrorCode[] = ["invalid_json", "payload_too_large", "unsupported_media_type", "validation_failed"];
const signedIn: Record<string, string[]>[] = [{ bearerAuth: [] }, { sessionCookie: [] }];
const authErrors: ErrorCode[] = ["unauthorized", "invalid_token"];

const retryAfterHeader = {
  "Retry-After": { description: "Seconds until the lookup budget refills.", schema: { type: "integer" as const } },
};

/** A lifecycle step on one usage (confirm, release, reverse): the same shape for each. */
function usageOperation(operationId: string, summary: string, body: z.ZodType, errors: ErrorCode[]): ZodOpenApiOperationObject {
  return {
    tags: ["Discount codes"],
    summary,
    operationId,
    security: signedIn,
    requestParams: { path: z.object({ id: z.string().meta({ description: "The usage's id (`use_…`)." }) }) },
    requestBody: { content: { "application/json": { schema: body } } },
    responses: { "200": json(redemptionSchema, "The usage in its new state."), ...problems(...authErrors, "not_found", ...errors, ...bodyErrors) },
  };
}

const operations = {
  register: {
    tags: ["Accounts"],
    summary: "Create an account",
    description:
      "`brandName` is required for `role: brand` and creates that brand with the user as its admin. " +
      "The account starts with `emailVerified: false` and is emailed a link `{APP_URL}/verify-email?token=…`.",
    operationId: "register",
    security: [],
    requestBody: { content: { "application/json": { schema: registerBodySchema } } },
    responses: { "201": json(registerResponseSchema, "The account."), ...problems("email_taken", "rate_limited", ...bodyErrors) },
  },
  issueToken: {
    tags: ["Accounts"],
    summary: "Issue an API token",
    description:
      "The same answer for an unknown email and a wrong password. The optional `name` (1–60 characters) labels the token in the " +
      "dashboard's token list; without it the token is named after the client that signed in, from its User-Agent " +
      "(e.g. “Sign-in from Firefox on macOS”, “Sign-in from curl”).",
    operationId: "issueToken",
    security: [],
    requestBody: { content: { "application/json": { schema: tokenBodySchema } } },
    responses: {
      "201": json(tokenResponseSchema, "A bearer token."),
      ...problems("invalid_credentials", "rate_limited", ...bodyErrors),
    },
  },
  introspectToken: {
    tags: ["Accounts"],
    summary: "Introspect the presented bearer token",
    operationId: "introspectToken",
    security: [{ bearerAuth: [] }],
    responses: {
      "200": json(introspectionResponseSchema, "The token is live."),
      "401": { ...problem(...authErrors), description: "Missing, expired or revoked: `{ active: false, …problem }`." },
    },
  },
  verifyEmail: {
    tags: ["Accounts"],
    summary: "Verify an email address",
    description:
      "The token of a verification link (`/verify-email?token=…`). Verifying twice answers 200 again. " +
      "An unknown, expired or used token → 400 `invalid_token`.",
    operationId: "verifyEmail",
    security: [],
    requestBody: { content: { "application/json": { schema: verifyEmailBodySchema } } },
    responses: {
      "200": json(verifyEmailResponseSchema, "The account, verified."),
      "400": {
        description: "`invalid_token` (unknown, expired or used link); also `invalid_json`, `bad_request`.",
        content: { "application/problem+json": { schema: problemSchema } },
      },
      ...problems("payload_too_large", "unsupported_media_type", "validation_failed"),
    },
  },
  resendVerification: {
    tags: ["Accounts"],
    summary: "Email a new verification link",
    description: "For the signed-in caller; at most one link a minute. `sent: false` when the address is verified already.",
    operationId: "resendVerification",
    security: signedIn,
    responses: {
      "200": json(verificationSentSchema, "A new link is on its way (or nothing was needed)."),
      ...problems(...authErrors, "rate_limited"),
    },
  },
  revokeToken: {
    tags: ["Accounts"],
    summary: "Revoke the presented bearer token",
    operationId: "revokeToken",
    security: [{ bearerAuth: [] }],
    responses: { "204": { description: "Revoked." }, ...problems(...authErrors) },
  },
  changePassword: {
    tags: ["Accounts"],
    summary: "Change the signed-in user's password",
    description: "Revokes every session issued before (this one included); API tokens stay valid. A wrong `currentPassword` is a 422.",
    operationId: "changePassword",
    security: signedIn,
    requestBody: { content: { "application/json": { schema: changePasswordBodySchema } } },
    responses: { "204": { description: "Changed." }, ...problems(...authErrors, ...bodyErrors) },
  },
  createCode: {
    tags: ["Discount codes"],
    summary: "Create a discount code (brands)",
    description:
      "A percentage off every product of the brand, given as `discount` or as `ruleId` of one of the brand's rules. " +
      "Every verified shopper who has not opted out (of all announcements, or of this brand's) is emailed the code, " +
      "asynchronously — up to the brand's daily cap of announced codes (`announced: false` past it). " +
      "The caller's email must be verified (403 `email_unverified`).",
    operationId: "createCode",
    security: signedIn,
    requestBody: { content: { "application/json": { schema: createCodeBodySchema } } },
    responses: {
      "201": json(createdCodeSchema, "The code."),
      ...problems(...authErrors, "forbidden", "email_unverified", "code_taken", ...bodyErrors),
    },
  },
  listCodes: {
    tags: ["Discount codes"],
    summary: "The caller brand's codes: search by prefix, filter by status, sort, cursor pages",
    operationId: "listCodes",
    security: signedIn,
    requestParams: { query: listCodesQuerySchema },
    responses: {
      "200": json(codeListSchema, "A page of codes with their redemption counts."),
      ...problems(...authErrors, "forbidden", "validation_failed"),
    },
  },
  getCode: {
    tags: ["Discount codes"],
    summary: "A code by its id or by the code itself",
    description:
      "`id` is the lower-case hex SHA-256 of the normalised code, or the code itself; both case-insensitive.",
    operationId: "getCode",
    security: signedIn,
    requestParams: {
      path: z.object({
        id: z.string().meta({ description: "Code id (hash) or the code.", example: "SPRINGSALE2026" }),
      }),
    },
    responses: {
      "200": json(codeSchema, "The code, its status now and whether the caller has used it."),
      ...problems(...authErrors, "not_found"),
      "429": { ...problem("rate_limited"), headers: retryAfterHeader },
    },
  },
  redeem: {
    tags: ["Discount codes"],
    summary: "Redeem a code, exactly once per user",
    description:
      "Checks, in this order: signed in (401) → `userId` is the caller (403) → the code exists (404) → it has started " +
      "(422 `not_yet_valid`) and not expired (422 `expired`) → not deactivated (422 `deactivated`) → the caller is eligible " +
      "(422 `not_eligible`) → this user has not used it (409 `already_used`) → the cart has the brand's products (422 " +
      "`no_eligible_items`) → currencies agree (422 `currency_mismatch`) → the minimum is met (422 `minimum_not_met`, with " +
      "`minimum` and `missing`) → a use is left (409 `exhausted`). A refused redemption changes nothing. With `hold: true` the " +
      "use is `reserved` until confirmed, released or `expiresAt` (60–3600 s, default 900); otherwise `confirmed` at once. " +
      "With `cart`, only the lines of the code's brand are eligible; with a bare `amount`, all of it. " +
      "`discountAmount` is rounded half away from zero; `total` never goes below 0. Without `cart` or `amount`, " +
      "`pricing` is omitted. However many requests race, on however many instances, at most one gets 201.",
    operationId: "redeem",
    security: signedIn,
    requestParams: {
      header: z.object({
        "Idempotency-Key": z
          .string()
          .max(255)
          .optional()
          .meta({ description: "A retry with the same key and body returns the first answer (24 h)." }),
      }),
    },
    requestBody: { content: { "application/json": { schema: redeemBodySchema } } },
    responses: {
      "201": json(redemptionSchema, "Redeemed: the usage, and the pricing when a cart or amount was given."),
      ...problems(
        ...authErrors,
        "forbidden",
        "not_found",
        "already_used",
        "idempotency_key_reused",
        "request_in_progress",
        "not_yet_valid",
        "expired",
        "deactivated",
        "not_eligible",
        "no_eligible_items",
        "currency_mismatch",
        "minimum_not_met",
        "exhausted",
        ...bodyErrors,
        "unavailable",
      ),
      "429": { ...problem("rate_limited"), headers: retryAfterHeader },
    },
  },
  listUsages: {
    tags: ["Discount codes"],
    summary: "Usages: the caller's own, or (brand admins, ?code=) a code's",
    operationId: "listUsages",
    security: signedIn,
    requestParams: { query: listUsagesQuerySchema },
    responses: { "200": json(usageListSchema, "A page of usages, newest first."), ...problems(...authErrors, "not_found", "validation_failed") },
  },
  confirmUsage: usageOperation("confirmUsage", "Confirm a held use (the usage's user); twice → the same 200", confirmUsageBodySchema, ["hold_expired", "invalid_state"]),
  releaseUsage: usageOperation("releaseUsage", "Release a held use (the usage's user); the code can be used again", emptyBodySchema, ["invalid_state"]),
  reverseUsage: usageOperation(
    "reverseUsage",
    "Reverse a confirmed use (the usage's user or an admin of the code's brand); the use and the cap's use come back",
    reverseUsageBodySchema,
    ["invalid_state"],
  ),
  deactivateCode: {
    tags: ["Discount codes"],
    summary: "End a code early (an admin of the code's brand); twice → the same 200",
    operationId: "deactivateCode",
    security: signedIn,
    requestParams: { path: z.object({ id: z.string().meta({ description: "Code id (hash) or the code." }) }) },
    requestBody: { content: { "application/json": { schema: emptyBodySchema } } },
    responses: { "200": json(listedCodeSchema, "The code, status `deactivated`."), ...problems(...authErrors, "forbidden", "not_found") },
  },
  createRule: {
    tags: ["Rules"],
    summary: "Create a rule (brands); the same terms again return the existing rule",
    operationId: "createRule",
    security: signedIn,
    requestBody: { content: { "application/json": { schema: createRuleBodySchema } } },
    responses: { "201": json(ruleSchema, "The rule."), ...problems(...authErrors, "forbidden", ...bodyErrors) },
  },
  listRules: {
    tags: ["Rules"],
    summary: "The brand's rules",
    operationId: "listRules",
    security: signedIn,
    requestParams: { query: listRulesQuerySchema },
    responses: { "200": json(ruleListSchema, "A page of rules."), ...problems(...authErrors, "forbidden", "validation_failed") },
  },
  getRule: {
    tags: ["Rules"],
    summary: "One of the brand's rules",
    operationId: "getRule",
    security: signedIn,
    requestParams: { path: z.object({ id: z.string().meta({ description: "The rule's id." }) }) },
    responses: { "200": json(ruleSchema, "The rule."), ...problems(...authErrors, "forbidden", "not_found") },
  },
  placeOrder: {
    tags: ["Orders"],
    summary: "Place an order; with usageId, confirm that held use with it in one transaction",
    operationId: "placeOrder",
    security: signedIn,
    requestBody: { content: { "application/json": { schema: placeOrderBodySchema } } },
    responses: {
      "201": json(orderSchema, "The order, with the discount of its usage."),
      ...problems(...authErrors, "forbidden", "not_found", "hold_expired", "invalid_state", "no_eligible_items", "currency_mismatch", "minimum_not_met", ...bodyErrors),
    },
  },
  listOrders: {
    tags: ["Orders"],
    summary: "The caller's own orders, newest first",
    operationId: "listOrders",
    security: signedIn,
    requestParams: { query: listOrdersQuerySchema },
    responses: { "200": json(orderListSchema, "A page of orders."), ...problems(...authErrors, "validation_failed") },
  },
  getNotificationSettings: {
    tags: ["Notifications"],
    summary: "The caller's email settings",
    operationId: "getNotificationSettings",
    security: signedIn,
    responses: {
      "200": json(notificationSettingsSchema, "Whether new codes are announced to the caller."),
      ...problems(...authErrors),
    },
  },
  putNotificationSettings: {
    tags: ["Notifications"],
    summary: "Change the caller's email settings",
    description: '`{ "notifyNewCodes": false }` stops announcements of new codes.',
    operationId: "putNotificationSettings",
    security: signedIn,
    requestBody: { content: { "application/json": { schema: notificationSettingsSchema } } },
    responses: {
      "200": json(notificationSettingsSchema, "The settings now."),
      ...problems(...authErrors, ...bodyErrors),
    },
  },
  devMailbox: {
    tags: ["Notifications"],
    summary: "The local mailbox: the caller's own mail",
    description:
      "Only where the local mailbox is on (the embedded default, or `MAILBOX_ENABLED=1`; otherwise 404). " +
      "Newest first; a brand's admin also sees mail sent to their brand's other admins. Also at `/api/dev/mailbox`.",
    operationId: "devMailbox",
    security: signedIn,
    requestParams: { query: mailboxQuerySchema },
    responses: {
      "200": json(mailboxListSchema, "The caller's messages, newest first."),
      ...problems(...authErrors, "validation_failed", "not_found"),
    },
  },
  unsubscribe: {
    tags: ["Notifications"],
    summary: "One-click unsubscribe (RFC 8058)",
    description: "What a mail client POSTs from an announcement's List-Unsubscribe header.",
    operationId: "unsubscribe",
    security: [],
    requestParams: { query: unsubscribeQuerySchema },
    responses: {
      "200": json(unsubscribedSchema, "Announcements are off."),
      ...problems("bad_request", "validation_failed"),
    },
  },
  unsubscribePage: {
    tags: ["Notifications"],
    summary: "The unsubscribe link opened in a browser",
    description:
      "Never unsubscribes by itself (link scanners follow links): redirects to a page that asks for the click.",
    operationId: "unsubscribePage",
    security: [],
    requestParams: { query: unsubscribeQuerySchema },
    responses: { "303": { description: "To /notifications/unsubscribe?token=…" }, ...problems("validation_failed") },
  },
  createWebhook: {
    tags: ["Webhooks"],
    summary: "Add a webhook endpoint",
    description:
      "Brands only. `url` must be https to a public address: private, loopback and link-local targets are refused " +
      "(422), and checked again on every delivery. Deliveries are POSTs of `{ id, type, createdAt, data }` signed as " +
      "Standard Webhooks does (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried on non-2xx or timeout " +
      "(10 s) after ~10 s, 1 min, 5 min, 30 min, 2 h, then every 6 h until 24 h have passed, with the same " +
      "`webhook-id` and body. The `secret` is in this answer only.",
    operationId: "createWebhook",
    security: signedIn,
    requestBody: { content: { "application/json": { schema: createWebhookBodySchema } } },
    responses: { "201": json(createdWebhookSchema, "The endpoint, with its signing secret."), ...problems(...authErrors, "forbidden", ...bodyErrors) },
  },
  listWebhooks: {
    tags: ["Webhooks"],
    summary: "The caller brand's webhook endpoints, newest first",
    operationId: "listWebhooks",
    security: signedIn,
    responses: { "200": json(webhookListSchema, "The endpoints, without secrets."), ...problems(...authErrors, "forbidden") },
  },
  getWebhook: {
    tags: ["Webhooks"],
    summary: "A webhook endpoint",
    description: "Another brand's endpoint → 404.",
    operationId: "getWebhook",
    security: signedIn,
    requestParams: { path: z.object({ id: z.string() }) },
    responses: { "200": json(webhookEndpointSchema, "The endpoint."), ...problems(...authErrors, "forbidden", "not_found") },
  },
  deleteWebhook: {
    tags: ["Webhooks"],
    summary: "Remove a webhook endpoint",
    description: "Nothing more is sent to it. Another brand's endpoint → 404.",
    operationId: "deleteWebhook",
    security: signedIn,
    requestParams: { path: z.object({ id: z.string() }) },
    responses: { "204": { description: "Removed." }, ...problems(...authErrors, "forbidden", "not_found") },
  },
  listWebhookDeliveries: {
    tags: ["Webhooks"],
    summary: "An endpoint's delivery attempts, newest first",
    operationId: "listWebhookDeliveries",
    security: signedIn,
    requestParams: { path: z.object({ id: z.string() }) },
    responses: { "200": json(webhookDeliveryListSchema, "One row per attempt."), ...problems(...authErrors, "forbidden", "not_found") },
  },
  health: {
    tags: ["Operations"],
    summary: "Health of the service and its dependencies",
    operationId: "health",
    security: [],
    responses: {
      "200": json(healthSchema, "Every dependency answers."),
      "503": json(healthSchema, "A dependency is down."),
    },
  },
  openapi: {
    tags: ["Operations"],
    summary: "This document",
    operationId: "openapi",
    security: [],
    responses: { "200": { description: "The OpenAPI 3.1 document.", content: { "application/json": {} } } },
  },
} satisfies Record<string, ZodOpenApiOperationObject>;

const batchIdParam = z.object({ id: z.string().meta({ description: "The batch id.", example: "bat_01KB8Z3Y0000000000000000AB" }) });

/** Bulk unique codes (API.md part 2, "Bulk unique codes"). */
const batchOperations = {
  createBatch: {
    tags: ["Discount codes"],
    summary: "Generate a batch of unique codes (brands)",
    description:
      "Up to 100,000 codes `PREFIX-XXXXXXXX` (8 random characters of `23456789ABCDEFGHJKMNPQRSTUVWXYZ`: no 0 O 1 I L), " +
      "generated in the background, never colliding with an existing code, each usable `maxRedemptions` times (default 1). " +
      "Give exactly one of `discount`, `ruleId` or `rule`. Batch codes are not announced to shoppers. Answers 202 at once; " +
      "poll the batch (`Location`) until `status` is `done`, then download its CSV. At most 10 batches per brand an hour. " +
      "The caller's email must be verified (403 `email_unverified`).",
    operationId: "createBatch",
    security: signedIn,
    requestBody: { content: { "application/json": { schema: createBatchBodySchema } } },
    responses: {
      "202": { ...json(batchSchema, "The batch, `running`."), headers: { Location: { description: "The batch's URL.", schema: { type: "string" as const } } } },
      ...problems(...authErrors, "forbidden", "email_unverified", ...bodyErrors),
      "429": { ...problem("rate_limited"), headers: retryAfterHeader },
    },
  },
  listBatches: {
    tags: ["Discount codes"],
    summary: "The caller brand's batches, newest first",
    operationId: "listBatches",
    security: signedIn,
    requestParams: { query: listBatchesQuerySchema },
    responses: { "200": json(batchListSchema, "A page of batches."), ...problems(...authErrors, "forbidden", "validation_failed") },
  },
  getBatch: {
    tags: ["Discount codes"],
    summary: "A batch's status and progress",
    description: "`created` of `total` codes so far; `status` is `running`, `done` or `failed`. Another brand's batch → 404.",
    operationId: "getBatch",
    security: signedIn,
    requestParams: { path: batchIdParam },
    responses: { "200": json(batchSchema, "The batch."), ...problems(...authErrors, "forbidden", "not_found") },
  },
  getBatchCodes: {
    tags: ["Discount codes"],
    summary: "A batch's codes as CSV",
    description: "`text/csv` (an attachment): a `code` header line, then one code per line (CRLF), in code order.",
    operationId: "getBatchCodes",
    security: signedIn,
    requestParams: { path: batchIdParam },
    responses: {
      "200": { description: "The codes.", content: { "text/csv": { schema: z.string().meta({ example: "code\r\nXMAS26-7KQ2M9PX\r\n" }) } } },
      ...problems(...authErrors, "forbidden", "not_found"),
    },
  },
} satisfies Record<string, ZodOpenApiOperationObject>;

let cached: ReturnType<typeof createDocument> | undefined;

export function openApiDocument(): ReturnType<typeof createDocument> {
  cached ??= createDocument(
    {
      openapi: "3.1.0",
      info: {
        title: "Discounts API",
        version: "1.0.0",
        description:
          "Discount codes for online marketplaces: brands create codes, shoppers redeem them at checkout. " +
          "JSON in, JSON out; errors are RFC 9457 `application/problem+json` with a stable `code`. Money is integer " +
          "minor units with an ISO 4217 currency; times are ISO 8601 UTC. Every path answers with and without a " +
          "trailing slash. Codes are 3–32 characters of A–Z 0–9 - _, trimmed and upper-cased on the way in.",
      },
      servers: [{ url: "/", description: "This server" }],
      security: signedIn,
      tags: [
        { name: "Discount codes", description: "Create, look up and redeem codes." },
        { name: "Accounts", description: "Sign-up and API tokens." },
        { name: "Notifications", description: "Email settings and one-click unsubscribe." },
        { name: "Webhooks", description: "Signed HTTP callbacks to a brand's endpoints." },
        { name: "Operations", description: "Health and this document." },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: "http", scheme: "bearer", description: "An API token from POST /api/v1/auth/token." },
          sessionCookie: {
            type: "apiKey",
            in: "cookie",
            name: "authjs.session-token",
            description: "A signed-in browser session.",
          },
        },
      },
      paths: {
        "/api/v1/auth/register": { post: operations.register },
        "/api/v1/auth/verify-email": { post: operations.verifyEmail },
        "/api/v1/auth/verify-email/resend": { post: operations.resendVerification },
        "/api/v1/auth/token": {
          post: operations.issueToken,
          get: operations.introspectToken,
          delete: operations.revokeToken,
        },
        "/api/v1/auth/password": { post: operations.changePassword },
        "/api/v1/discountcode": { post: operations.createCode, get: operations.listCodes },
        "/api/v1/discountcode/{id}": { get: operations.getCode },
        "/api/v1/discountcode/{id}/deactivate": { post: operations.deactivateCode },
        "/api/v1/discountrule": { post: operations.createRule, get: operations.listRules },
        "/api/v1/discountrule/{id}": { get: operations.getRule },
        "/api/v1/discountcodeusage/{id}/confirm": { post: operations.confirmUsage },
        "/api/v1/discountcodeusage/{id}/release": { post: operations.releaseUsage },
        "/api/v1/discountcodeusage/{id}/reverse": { post: operations.reverseUsage },
        "/api/v1/orders": { post: operations.placeOrder, get: operations.listOrders },
        "/api/v1/discountcode/batch": { post: batchOperations.createBatch, get: batchOperations.listBatches },
        "/api/v1/discountcode/batch/{id}": { get: batchOperations.getBatch },
        "/api/v1/discountcode/batch/{id}/codes.csv": { get: batchOperations.getBatchCodes },
        "/api/v1/discountcodeusage": { post: operations.redeem, get: operations.listUsages },
        "/api/v1/notifications/settings": {
          get: operations.getNotificationSettings,
          put: operations.putNotificationSettings,
        },
        "/api/v1/notifications/unsubscribe": { post: operations.unsubscribe, get: operations.unsubscribePage },
        "/api/v1/dev/mailbox": { get: operations.devMailbox },
        "/api/v1/webhooks": { post: operations.createWebhook, get: operations.listWebhooks },
        "/api/v1/webhooks/{id}": { get: operations.getWebhook, delete: operations.deleteWebhook },
        "/api/v1/webhooks/{id}/deliveries": { get: operations.listWebhookDeliveries },
        "/api/v1/health": { get: operations.health },
        "/api/v1/openapi.json": { get: operations.openapi },
      },
    },
    {
      // `format: date-time` says it; zod's 300-character regex for it only clutters the reference.
      override: ({ jsonSchema }) => {
        if (jsonSchema.format === "date-time") delete jsonSchema.pattern;
      },
    },
  );
  return cached;
}
