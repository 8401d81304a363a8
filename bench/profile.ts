// Where a server's CPU went: sums a V8 CPU profile (`BENCH_PROFILE=<dir> npm run bench`, or
// `node --cpu-prof`) by package — Next's own modules, the bundled libraries of our build (drizzle,
// postgres.js, …), Node's internals, the garbage collector — as shares of the busy time.
//   npx tsx bench/profile.ts <file.cpuprofile> [rows]
// A V8 profile samples wall time: a thread descheduled inside a syscall counts as time in that
// native function, so read shares here and CPU from /proc (bench/run.ts).
import { readFileSync } from "node:fs";
import { report } from "../lib/log/report";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a frame belongs to: a bundled library's name, a Next module's folder, a Node module, or the frame's kind. */
function packageOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const chunk = /\.next\/server\/chunks\/(.*)$/.exec(url)?.[1];
  if (chunk !== undefined) {
    const library = /node_modules_((?:@[a-z0-9.-]+_)?[a-z0-9.-]+)/.exec(chunk);
    if (library) return `build: ${library[1]!.replace("_", "/")}`;
    const source = /^((?:lib|app|components|emails)_.*?)_(tsx?)_/.exec(chunk);
    return source ? `build: ${source[1]!.replace(/_/g, "/")}.${source[2]}` : "build: (shared chunks)";
  }
  const next = /node_modules\/next\/dist\/(.*)$/.exec(url);
  if (next) return `next: ${next[1]!.split("/").slice(0, 3).join("/")}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  return url.startsWith("node:") ? url : url.replace(/^.*\/(lib|app)\//, "$1/");
}

export function summarize(profile: Profile, rows = 30): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (!node || node.callFrame.functionName === "(idle)") return;
    busy += dt;
    const key = packageOf(node);
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [
    `busy ${(busy / 1e6).toFixed(1)} s of samples`,
    "| share of busy time | where |",
    "|---:|---|",
    ...[...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(([k, v]) => `| ${((100 * v) / busy).toFixed(1)} % | ${k} |`),
  ];
}

const file = process.argv[2];
if (!file) {
  report("usage: npx tsx bench/profile.ts <file.cpuprofile> [rows]");
  process.exit(2);
}
report(summarize(JSON.parse(readFileSync(file, "utf8")) as Profile, Number(process.argv[3] ?? 30)).join("\n"));
