// Request input: the JSON body (16 KiB at most, JSON content type only) and the query string,
// both validated with zod. Bad input is always a 4xx problem, never a 500.
import type { ZodType } from "zod";
import { DomainError, type FieldError } from "../errors";
import { unsafeStrings } from "./text";

export const MAX_BODY_BYTES = 16 * 1024;

const tooLarge = () => new DomainError("payload_too_large", `The request body must be at most ${MAX_BODY_BYTES} bytes.`);

/** The body as text, refusing more than `limit` bytes whether or not Content-Length says so. */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DomainError("invalid_json", "The request body is not valid UTF-8.");
  }
}

// Requiring a JSON content type also keeps cookie-authenticated writes safe from cross-site forms:
// a browser only sends application/json cross-origin after a CORS preflight.
function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/** The JSON body; an empty body reads as `{}` so zod can name each missing field. */
export async function readJsonBody(req: Request): Promise<unknown> {
  const text = await readBodyText(req);
  if (text.trim() === "") return {};
  if (!isJsonContentType(req.headers.get("content-type"))) {
    throw new DomainError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DomainError("invalid_json", `The request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** The query string as an object; a repeated key becomes an array. */
export function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldError[] {
  return issues.map((i) => ({
    path: i.path.length ? i.path.map((p) => String(p)).join(".") : "(root)",
    message: i.message,
  }));
}

/**
 * Validates with zod: the parsed value, or 422 `validation_failed` listing each field's problem.
 * Any string with NUL, another control character or a lone surrogate is refused first, wherever it
 * is (lib/http/text): no such text reaches a schema's transforms, a handler or a store.
 */
export function validate<T>(schema: ZodType<T>, { input, what }: { input: unknown; what: "body" | "query" }): T {
  const unsafe = unsafeStrings(input);
  const result = unsafe.length ? undefined : schema.safeParse(input);
  if (result?.success) return result.data;
  const errors = result ? fieldErrors(result.error.issues) : unsafe;
  const detail =
    errors.length === 1
      ? `Invalid ${what}: ${errors[0]!.path} — ${errors[0]!.message}`
      : `Invalid ${what}: ${errors.length} fields failed validation.`;
  throw new DomainError("validation_failed", detail, { errors });
}
