// The one closed list of error codes the product answers with (API.md). Domain code throws
// DomainError with one of these; lib/http turns it into RFC 9457 problem+json with its status.
export const errorCodes = {
  invalid_json: { status: 400, title: "Malformed JSON" },
  bad_request: { status: 400, title: "Bad request" },
  unauthorized: { status: 401, title: "Authentication required" },
  invalid_credentials: { status: 401, title: "Invalid credentials" },
  invalid_token: { status: 401, title: "Invalid or expired token" },
  forbidden: { status: 403, title: "Forbidden" },
  email_unverified: { status: 403, title: "Email not verified" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  email_taken: { status: 409, title: "Email already registered" },
  code_taken: { status: 409, title: "Code already exists" },
  already_used: { status: 409, title: "Code already used" },
  exhausted: { status: 409, title: "Code has no uses left" },
  hold_expired: { status: 409, title: "Hold expired or released" },
  invalid_state: { status: 409, title: "Not possible in the usage's current state" },
  idempotency_key_reused: { status: 409, title: "Idempotency key reused with a different request" },
  request_in_progress: { status: 409, title: "A request with this idempotency key is in progress" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  validation_failed: { status: 422, title: "Validation failed" },
  not_yet_valid: { status: 422, title: "Code not yet valid" },
  expired: { status: 422, title: "Code expired" },
  currency_mismatch: { status: 422, title: "Currency mismatch" },
  minimum_not_met: { status: 422, title: "Minimum not met" },
  not_eligible: { status: 422, title: "Not eligible" },
  deactivated: { status: 422, title: "Code deactivated" },
  no_eligible_items: { status: 422, title: "No eligible items" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal server error" },
  unavailable: { status: 503, title: "Service unavailable" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCodes;

export interface FieldError {
  /** Dotted path of the field, e.g. `cart.lines.0.quantity`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly errors?: FieldError[];
  /** Extra members for the problem body (e.g. `{ active: false }` for token introspection). */
  readonly extra?: Record<string, unknown>;

  constructor(code: ErrorCode, detail?: string, opts: { errors?: FieldError[]; extra?: Record<string, unknown> } = {}) {
    super(detail ?? errorCodes[code].title);
    this.name = "DomainError";
    this.code = code;
    this.errors = opts.errors;
    this.extra = opts.extra;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
