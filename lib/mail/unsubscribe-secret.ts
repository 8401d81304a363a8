// The key unsubscribe links are signed and checked with: AUTH_SECRET, as the HTTP pipeline sees it
// (`npm start` always provides one; tests set theirs through setHttpConfig). Only a development or
// test process without one falls back to a fixed key — never production.
import "server-only";
import { env } from "../env";
import { httpConfig } from "../http/config";

export function unsubscribeSecretFrom(e: { AUTH_SECRET?: string; NODE_ENV: string }): string {
  if (e.AUTH_SECRET) return e.AUTH_SECRET;
  if (e.NODE_ENV === "production") throw new Error("AUTH_SECRET must be set to sign unsubscribe links.");
  return "development-only-unsubscribe-secret";
}

export function appUnsubscribeSecret(): string {
  return unsubscribeSecretFrom({ AUTH_SECRET: httpConfig().authSecret, NODE_ENV: env.NODE_ENV });
}
