// Prints, once at the end of a run, which integration suites did not run for want of a real store
// and the variable that would run them (recorded by test/skipped-suites.ts) — or, when the
// integration project ran with both stores (as in CI), that nothing was skipped. Suites a test
// skips for another reason (it.skipIf) are listed too.
import path from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import { storeVariables, type SkippedSuite } from "./skipped-suites";

export default class SkippedSuitesReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    const integration = modules.filter((m) => m.project.name === "integration");
    if (!integration.length) return;
    const lines: string[] = [];
    const needed = new Set<string>();
    for (const m of [...integration].sort((a, b) => a.moduleId.localeCompare(b.moduleId))) {
      const file = path.relative(process.cwd(), m.moduleId);
      // The file task's meta, set while the file was collected (vitest keeps `task` off the public type).
      const { meta } = (m as unknown as { task: { meta: { skippedSuites?: SkippedSuite[] } } }).task;
      const recorded = meta.skippedSuites ?? [];
      recorded.forEach((s) => s.needs.forEach((v) => needed.add(v)));
      const parts = recorded.map((s) => `${s.what} [${s.needs.join(" + ")}]`);
      // Skipped by the test itself (it.skipIf …), when the file recorded no store it lacked.
      if (!recorded.length) parts.push(...[...m.children.allTests("skipped")].map((t) => `"${t.fullName}" [skipped by the test]`));
      if (parts.length) lines.push(`  ${file}: ${parts.join("; ")}`);
    }
    const set = Object.values(storeVariables).filter((v) => process.env[v]);
    const out = lines.length
      ? [
          `\nIntegration suites skipped in ${lines.length} files ([the variable that would run each]):`,
          ...lines,
          ...(needed.size ? [`Set ${[...needed].sort().join(" and ")} to run them (CI sets both; see test/global-setup.ts).`] : []),
        ]
      : [`\nNo integration suite skipped${set.length ? ` (${set.join(" and ")} set)` : ""}.`];
    process.stdout.write(out.join("\n") + "\n");
  }
}
