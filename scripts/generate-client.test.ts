// CI fails when clients/js/src/schema.d.ts no longer matches the API: the types are generated again
// in memory from the in-process OpenAPI document and compared with the committed file.
import { expect, it } from "vitest";
import { committedClientTypes, generateClientTypes } from "./generate-client";

it("the typed client's schema (clients/js/src/schema.d.ts) is generated from the current OpenAPI document", async () => {
  const fresh = await generateClientTypes();
  const committed = committedClientTypes();
  const firstDifference = committed === null ? "the file is missing" : `first difference at line ${firstDifferentLine(committed, fresh)}`;
  expect(committed === fresh, `clients/js/src/schema.d.ts is stale (${firstDifference}): run \`npm run client:generate\` and commit it`).toBe(true);
});

function firstDifferentLine(a: string, b: string): number {
  const x = a.split("\n");
  const y = b.split("\n");
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i + 1;
}
