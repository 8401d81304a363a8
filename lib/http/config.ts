// The pipeline's settings from the environment (lib/env), overridable in tests like setDeps():
// the secret the session cookie is encrypted with, and the origins CORS lets call /api/v1.
import { env } from "../env";

export interface HttpConfig {
  /** next-auth's AUTH_SECRET: session cookies are decrypted with it. */
  authSecret: string | undefined;
  /** Browser origins allowed to call /api/v1 (ALLOWED_ORIGINS). */
  allowedOrigins: string[];
}

const g = globalThis as unknown as { __httpConfig?: HttpConfig };

export function httpConfig(): HttpConfig {
  return g.__httpConfig ?? { authSecret: env.AUTH_SECRET, allowedOrigins: env.ALLOWED_ORIGINS };
}

/** Tests: use these settings for every request in this process (undefined → from env again). */
export function setHttpConfig(config: HttpConfig | undefined): void {
  g.__httpConfig = config;
}
