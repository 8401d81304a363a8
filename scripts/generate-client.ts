// Writes clients/js/src/schema.d.ts: the TypeScript types of the API (openapi-typescript) from the
// OpenAPI document built in-process (lib/openapi/document.ts, the one served at
// /api/v1/openapi.json) — no server needed. `npm run client:generate`; a unit test
// (scripts/generate-client.test.ts) regenerates in memory and fails when the committed file is stale.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from "openapi-typescript";
import { log, summarizeError } from "../lib/log";
import { report } from "../lib/log/report";
import { openApiDocument } from "../lib/openapi/document";

export const schemaFile = path.resolve(import.meta.dirname, "../clients/js/src/schema.d.ts");

/** The generated types as text, exactly as `npm run client:generate` writes them. */
export async function generateClientTypes(): Promise<string> {
  // A JSON round trip: the document as served (zod-openapi may leave undefined members behind).
  const doc = JSON.parse(JSON.stringify(openApiDocument())) as OpenAPI3;
  const ast = await openapiTS(doc, { alphabetize: true, silent: true });
  return COMMENT_HEADER + astToString(ast);
}

/** The committed file's text, or null when there is none. */
export function committedClientTypes(): string | null {
  try {
    return readFileSync(schemaFile, "utf8");
  } catch {
    return null;
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  generateClientTypes()
    .then((text) => {
      const unchanged = committedClientTypes() === text;
      if (!unchanged) writeFileSync(schemaFile, text);
      report(`▸ client types: ${path.relative(process.cwd(), schemaFile)} ${unchanged ? "already up to date" : "written"} (${text.length} B)`);
    })
    .catch((e: unknown) => {
      log.fatal({ err: summarizeError(e) }, "client type generation failed");
      process.exit(1);
    });
}
