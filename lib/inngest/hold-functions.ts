// Holds expire on time without a request (API.md part 2: "released by the server within 60 s of
// expiry"): a cron function every minute runs the same job as the in-process sweeper
// (lib/deps.ts, every 15 s) — expireHolds releases each past-due hold exactly once, so both
// running is harmless.
import { cron } from "inngest";
import type { DiscountPorts } from "../discounts";
import { expireHolds } from "../discounts/usages";
import type { InngestClient } from "./client";

export function createHoldFunctions(inngest: InngestClient, opts: { getPorts: () => Promise<Pick<DiscountPorts, "db" | "ledger" | "events" | "clock">> }) {
  const releaseExpiredHolds = inngest.createFunction(
    { id: "release-expired-holds", name: "Release holds past their expiry", triggers: [cron("* * * * *")], retries: 2 },
    async ({ step }) =>
      step.run("release", async () => {
        const ports = await opts.getPorts();
        return { released: await expireHolds(ports, { now: ports.clock() }) };
      }),
  );
  return { releaseExpiredHolds, functions: [releaseExpiredHolds] };
}
