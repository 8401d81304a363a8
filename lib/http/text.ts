// Text that may reach the stores. PostgreSQL refuses NUL in text (a driver error, once a 500), and
// a lone UTF-16 surrogate has no UTF-8 form (the drivers silently store U+FFFD instead). Control
// characters have no business in a name, an email, a code or a token either. So:
//   - safeText(): a zod string for single-line fields that rejects every C0/C1 control (tab and
//     newline included), DEL, U+2028/U+2029 and lone surrogates → 422 with the field's path;
//   - unsafeStrings(): the net under every schema (lib/http/input validate()): any string anywhere
//     in a body or a query string with NUL, another C0 control but \t \n \r, DEL, C1, or a lone
//     surrogate is refused with 422 before a schema or a handler sees it.
import { z } from "zod";

const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const ANY_TEXT_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one (code units).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isWellFormed = (s: string) => !LONE_SURROGATE.test(s);

export const CONTROL_CHARACTERS_MESSAGE = "must not contain control characters";
export const LONE_SURROGATE_MESSAGE = "must be valid Unicode (no lone surrogates)";

/** Whether a string is fit for a single-line field (no controls at all, well-formed Unicode). */
export function isSafeSingleLine(s: string): boolean {
  return !SINGLE_LINE_FORBIDDEN.test(s) && isWellFormed(s);
}

/** Why a string is unfit for any text field, or null (tab, newline and carriage return pass). */
export function unsafeTextReason(s: string): string | null {
  if (ANY_TEXT_FORBIDDEN.test(s)) return CONTROL_CHARACTERS_MESSAGE;
  if (!isWellFormed(s)) return LONE_SURROGATE_MESSAGE;
  return null;
}

/**
 * A single-line text field: `safeText().trim().min(1).max(100)`. Chain `.trim()` etc. after it;
 * the check runs on the raw value, so a trailing newline is refused, not trimmed away.
 */
export function safeText(message = CONTROL_CHARACTERS_MESSAGE) {
  return z.string().refine((s) => !SINGLE_LINE_FORBIDDEN.test(s), { message }).refine((s) => isWellFormed(s), {
    message: LONE_SURROGATE_MESSAGE,
  });
}

/**
 * Every string (and object key) in a parsed JSON value or a query object that unsafeTextReason()
 * refuses, with its dotted path. Iterative (a 16 KiB body can nest ~8,000 levels) and capped.
 */
export function unsafeStrings(input: unknown, limit = 20): { path: string; message: string }[] {
  type Node = { value: unknown; key: string; parent: Node | null };
  const found: { path: string; message: string }[] = [];
  // Paths are built only for what is reported: copying one per level would be quadratic.
  const where = (node: Node | null) => {
    const parts: string[] = [];
    for (let n = node; n?.parent; n = n.parent) parts.push(n.key);
    return parts.length ? parts.reverse().join(".") : "(root)";
  };
  const stack: Node[] = [{ value: input, key: "", parent: null }];
  while (stack.length && found.length < limit) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof value === "string") {
      const reason = unsafeTextReason(value);
      if (reason) found.push({ path: where(node), message: reason });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: String(i), parent: node });
    } else if (value !== null && typeof value === "object") {
      const entries = Object.entries(value as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, v] = entries[i]!;
        const reason = unsafeTextReason(key);
        // The key itself is not echoed: it is the bad text.
        if (reason) found.push({ path: where(node), message: `a member name ${reason}` });
        else stack.push({ value: v, key, parent: node });
      }
    }
  }
  return found;
}
