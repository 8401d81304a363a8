// GET /api/v1/health: each dependency answers a cheap probe within a deadline.
export type ProbeStatus = "ok" | "down";
export type Probes = Record<string, () => Promise<unknown>>;

export async function checkHealth(probes: Probes, timeoutMs = 2000) {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          probe(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
          }),
        ]);
        return [name, "ok"] as const;
      } catch {
        return [name, "down"] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const checks = Object.fromEntries(entries) as Record<string, ProbeStatus>;
  const healthy = entries.every(([, s]) => s === "ok");
  return { healthy, body: { status: healthy ? "ok" : "degraded", ...checks } };
}
