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

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * Whether a server-action POST is one Next's decoder throws on (→ 500) rather than refuses: a
 * multipart body that does not parse, a row of React's reply encoding that is not JSON (fields
 * `0`, `1`, … of a fetch action; `$ACTION_1:0`, … of a no-JS form), a non-multipart fetch-action
 * body that is not JSON. What a decodable request then does is the action's own business.
 */
async function actionBodyIsBroken(req: Request, fetchAction: boolean): Promise<boolean> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) return fetchAction && !isJson(await req.clone().text());
  let form: FormData;
  try {
    form = await req.clone().formData();
  } catch {
    return true;
  }
  const row = fetchAction ? /^\d+$/ : /^\$ACTION_\d+:\d+$/;
  for (const [name, value] of form) {
    if (typeof value === "string" && row.test(name) && !isJson(value)) return true;
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
