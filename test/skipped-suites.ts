// Which integration suites a run leaves out for want of a real store. A suite (or one variant of
// it) that needs PostgreSQL or Redis asks here instead of testing `inject(…)` itself; when the
// store is missing, the test file being collected records what it skipped and which variable would
// enable it (its task meta reaches the main process), and test/skipped-suites-reporter.ts prints
// the list once at the end of the run.
//
//   if (hasStores("two app instances", ["postgres", "redis"])) describe(…)
//   const redisUrl = redisUrlFor("the Upstash ledger variant"); // null when TEST_REDIS_URL is unset
import { inject, TestRunner } from "vitest";

export type Store = "postgres" | "redis";

/** The variable that gives the run each store (test/global-setup.ts reads them). */
export const storeVariables: Record<Store, string> = { postgres: "TEST_DATABASE_URL", redis: "TEST_REDIS_URL" };

export interface SkippedSuite {
  /** What does not run, e.g. "the PostgreSQL variant". */
  what: string;
  /** The variables that would make it run. */
  needs: string[];
}

declare module "vitest" {
  interface TaskMeta {
    skippedSuites?: SkippedSuite[];
  }
}

function present(store: Store): boolean {
  return Boolean(store === "postgres" ? inject("postgresTemplate") : inject("redisUrl"));
}

/** True when the run has every one of these stores; otherwise records `what` as skipped. */
export function hasStores(what: string, stores: Store[]): boolean {
  const missing = stores.filter((s) => !present(s));
  if (!missing.length) return true;
  const file = TestRunner.getCurrentSuite()?.file;
  if (file) {
    const list = (file.meta.skippedSuites ??= []);
    if (!list.some((s) => s.what === what)) list.push({ what, needs: missing.map((s) => storeVariables[s]) });
  }
  return false;
}

/** TEST_REDIS_URL, or null (and `what` recorded as skipped). */
export function redisUrlFor(what: string): string | null {
  return hasStores(what, ["redis"]) ? inject("redisUrl") : null;
}
