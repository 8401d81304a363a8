// Runs once when the server starts: validate the environment and open (and migrate) the
// database before the first request, so a bad configuration fails at start, not mid-request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./lib/env");
  const { getDatabase } = await import("./lib/db");
  const database = await getDatabase();
  // Background jobs: the in-process outbox worker (embedded default) or the Inngest sweeper.
  // Once per process (guarded on globalThis); never during `next build`.
  if (process.env.NEXT_PHASE !== "phase-production-build") {
    const { startEventRuntime } = await import("./lib/events/runtime");
    startEventRuntime(database);
    // The ports (and their timers: the sweeper, hold expiry) start now, not at the first request.
    const { getDeps } = await import("./lib/deps");
    await getDeps();
  }
}
