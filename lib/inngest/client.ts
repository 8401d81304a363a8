// The Inngest client. Used only when INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY are set; the
// embedded default never calls Inngest (there is no in-process mode, and no dev server here).
import "server-only";
import { Inngest } from "inngest";

export const INNGEST_APP_ID = "discounts";

export interface InngestEnv {
  INNGEST_EVENT_KEY?: string;
  INNGEST_SIGNING_KEY?: string;
}

export function inngestConfigured(env: InngestEnv): boolean {
  return !!(env.INNGEST_EVENT_KEY && env.INNGEST_SIGNING_KEY);
}

export function createInngestClient(opts: { eventKey?: string; signingKey?: string; baseUrl?: string; isDev?: boolean } = {}) {
  return new Inngest({
    id: INNGEST_APP_ID,
    ...(opts.eventKey ? { eventKey: opts.eventKey } : {}),
    ...(opts.signingKey ? { signingKey: opts.signingKey } : {}),
    ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
    ...(opts.isDev !== undefined ? { isDev: opts.isDev } : {}),
  });
}

export type InngestClient = ReturnType<typeof createInngestClient>;
