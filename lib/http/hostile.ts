// Requests Next.js itself fails on with a 500 before any route of ours runs (measured on
// `next start`, Next 16.4), answered here first — proxy.ts calls refuseHostileRequest() and
// test/http.ts mirrors it:
//   - a path segment whose %-escapes do not decode (`%zz`, `%`, `A%`, `%C0%AF`): Next's route
//     matcher throws a DecodeError for every dynamic route (`/api/v1/discountcode/[id]`, the
//     `/api/[[...path]]` catch-all, `/dashboard/codes/[id]`) and answers 500 text/plain;
//   - a POST with a multipart/form-data body that does not parse, to any path that is not a route
//     handler (pages, public files, unknown paths): Next tries it as a no-JavaScript server action,
//     `formData()` throws, 500 "Failed to parse body as FormData". With a `next-action` header,
//     a broken multipart body or a reply row that is not JSON throws in Next's decoder the same way
//     (500 "Unexpected end of form", "Boundary not found", JSON SyntaxError).
//     A real form submission or server-action call parses fine and goes on to Next untouched.
// Both answers are 400 `bad_request` problem+json.
import { DomainError } from "../errors";
import { newId } from "../ids";
import { problem } from "./problem";

/** Whether some segment of a raw (still encoded) URL path has a %-escape that does not decode. */
export function hasMalformedEscape(rawPathname: string): boolean {
  if (!rawPathname.includes("%")) return false;
  for (const segment of rawPathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return true;
    }
  }
  return false;
}

/** The path as the client sent it: `new URL()` keeps escapes it cannot decode as they are. */
function rawPathname(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "/";
  }
}

const badRequest = (detail: string) => {
  const res = problem(new DomainError("bad_request", detail), newId("request"));
  res.headers.set("cache-control", "no-store");
  return res;
};

const parseJson = (text: string): { value: unknown } | null => {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return null;
  }
};

// React's reply encoding (what a server action's arguments travel as): a string "$…" in a row is a
// reference. These kinds carry no row: "$$" (an escaped "$"), "$T" (temporary reference), "$K"
// (FormData entries by prefix), "$I" "$N" "$u" "$D" "$n" "$-" (constants). These point at a row
// by the hex id after their letter; any other "$<hex>[:path]" is an outlined model at that id.
const NO_ROW = new Set(["$", "T", "K", "I", "N", "u", "D", "n", "-"]);
const TYPED_ROW = new Set([..."@hQWiABOoUSsLlGgMmVRrXxF"]);

/** The row ids a decoded reply row refers to (iterative: a 16 KiB body can nest deeply). */
function referencedRows(row: unknown): number[] {
  const ids: number[] = [];
  const stack = [row];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v[0] !== "$" || v.length < 2 || NO_ROW.has(v[1]!)) continue;
      const hex = (TYPED_ROW.has(v[1]!) ? v.slice(2) : v.slice(1)).split(":")[0]!;
      ids.push(/^[0-9a-f]+$/i.test(hex) ? parseInt(hex, 16) : NaN);
    } else if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === "object") stack.push(...Object.values(v));
  }
  return ids;
}

/**
 * Whether the rows of a reply (name → text, under `prefix`) decode: each is JSON and every row a
 * reference points at is there. React's decoder otherwise throws a SyntaxError, a TypeError or, for
 * a row that never comes, "Connection closed." — all 500s.
 */
function replyRowsBroken(rows: Map<string, string>, prefix: string, rootIsArgs = false): boolean {
  if (!rows.has(`${prefix}0`)) return true;
  // A fetch action's root row is its argument list: Next `apply()`s it (a TypeError otherwise).
  if (rootIsArgs && !Array.isArray(parseJson(rows.get(`${prefix}0`)!)?.value)) return true;
  for (const [name, text] of rows) {
    if (!name.startsWith(prefix) || !/^\d+$/.test(name.slice(prefix.length))) continue;
    const parsed = parseJson(text);
    if (!parsed) return true;
    if (referencedRows(parsed.value).some((id) => Number.isNaN(id) || !rows.has(`${prefix}${id}`))) return true;
  }
  return false;
}

/**
 * Whether a server-action POST is one Next's decoder throws on (→ 500) rather than refuses: a
 * multipart body that does not parse, or reply rows that do not decode (fields `0`, `1`, … of a
 * fetch action, or its whole body when not multipart; `$ACTION_1:0`, … of a no-JS form). What a
 * decodable request then does is the action's own business.
 */
async function actionBodyIsBroken(req: Request, fetchAction: boolean): Promise<boolean> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    return fetchAction && replyRowsBroken(new Map([["0", await req.clone().text()]]), "", true);
  }
  let form: FormData;
  try {
    form = await req.clone().formData();
  } catch {
    return true;
  }
  const rows = new Map<string, string>();
  for (const [name, value] of form) if (typeof value === "string") rows.set(name, value);
  if (fetchAction) return replyRowsBroken(rows, "", true);
  // A no-JavaScript form: each `$ACTION_REF_n` names a bound action whose reply rows are `$ACTION_n:…`.
  for (const name of rows.keys()) {
    const ref = /^\$ACTION_REF_(\d+)$/.exec(name);
    if (ref && replyRowsBroken(rows, `$ACTION_${ref[1]}:`)) return true;
  }
  return false;
}

/** A 400 for a request Next would answer with a 500, or null to let it through. */
export async function refuseHostileRequest(req: Request): Promise<Response | null> {
  const pathname = rawPathname(req.url);
  if (hasMalformedEscape(pathname)) {
    return badRequest("The URL path has a malformed percent-encoding (`%` must be followed by two hex digits of UTF-8).");
  }
  // Next runs its server-action decoder on every POST to a page (or to no route at all) that
  // carries `next-action` or a multipart body; route handlers under /api read their own bodies.
  if (req.method !== "POST" || pathname.startsWith("/api/")) return null;
  const fetchAction = req.headers.has("next-action");
  if (!fetchAction && !(req.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return null;
  if (await actionBodyIsBroken(req, fetchAction)) {
    return badRequest("The form or server-action body does not parse.");
  }
  return null;
}
