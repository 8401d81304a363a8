// The accounts domain: sign-up, credential checks, API tokens. Framework-free: ports come in as
// arguments (the database, a password hasher, the time).
import "server-only";
export * from "./types";
export * from "./schemas";
export { registerAccount, type RegisterPorts } from "./register";
export {
  verifyEmail,
  resendVerification,
  requestVerification,
  verificationToken,
  hashVerificationToken,
  verifyEmailUrl,
  VERIFICATION_TTL_MS,
  RESEND_INTERVAL_MS,
  type ResendResult,
} from "./verify-email";
export { checkCredentials, DUMMY_PASSWORD_HASH } from "./check-credentials";
export { issueApiToken, DEFAULT_TOKEN_TTL_MS, type IssuedToken } from "./issue-token";
export { introspectToken, type LiveToken } from "./introspect-token";
export { revokeApiToken } from "./revoke-token";
export { listApiTokens, tokenState, TOKEN_LIST_LIMIT, type TokenListItem, type TokenState } from "./list-tokens";
export { tokenNameSchema, defaultTokenName, describeUserAgent, TOKEN_NAME_MAX } from "./token-name";
export { loadAccount } from "./load-account";
export { touchApiToken, tokenTouchDue, TOKEN_TOUCH_INTERVAL_MS } from "./touch-token";
export { currentSessionVersion, revokeSessions } from "./sessions";
export { changePassword, changePasswordBodySchema, type ChangePasswordInput } from "./change-password";
