// Bundles the embeddable checkout widget (widget/) into public/widget.js: one minified,
// dependency-free script a storefront includes with <script src="…/widget.js" defer>.
// Prints the bundle size raw and gzipped. `npm run build:widget`; `npm run build` runs it first.
import { build } from "esbuild";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { log, summarizeError } from "../lib/log";
import { report } from "../lib/log/report";

export async function buildWidget(root = process.cwd()): Promise<{ file: string; raw: number; gzip: number }> {
  const outfile = path.join(root, "public", "widget.js");
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [path.join(root, "widget", "index.ts")],
    outfile,
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2022", "chrome111", "firefox113", "safari16.4"],
    legalComments: "none",
    banner: { js: "/* <discount-widget> — discount codes at checkout. Docs: widget/README.md */" },
    logLevel: "warning",
  });
  const code = readFileSync(outfile);
  return { file: outfile, raw: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  buildWidget()
    .then(({ file, raw, gzip }) => {
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
      report(`▸ widget: ${path.relative(process.cwd(), file)} ${raw} B (${kb(raw)}) raw, ${gzip} B (${kb(gzip)}) gzip`);
    })
    .catch((e: unknown) => {
      log.fatal({ err: summarizeError(e) }, "widget build failed");
      process.exit(1);
    });
}
