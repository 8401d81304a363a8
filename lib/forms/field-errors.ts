// Validation issues (zod's, or a DomainError's field errors) → one message per form field, in the
// form's own words. The rules and the API's problem+json messages stay the API's (they are its
// contract); each form gives its copy as one table (FormCopy) and this turns issues into it.
// Framework-free, so the server actions and their tests share it.

export interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  /** zod's `reportInput`: the value refused (for a refinement, the object it refined). */
  input?: unknown;
}

export interface FormCopy {
  /** The form field an issue's path belongs to; default: the path's first key ("form" when none). */
  fieldOf?: (path: readonly PropertyKey[]) => string;
  /** Per field: what to say when it was left empty. */
  required: Record<string, string>;
  /** Per field: what to say for any other refusal of its value (wrong type, too small or big, malformed). */
  invalid?: Record<string, string>;
  /** Per field and message of a domain rule (`"validUntil:must be after validFrom"`). */
  rules?: Record<string, string>;
}

const valueCodes = new Set(["invalid_type", "invalid_value", "too_small", "too_big", "invalid_format"]);

/** Left empty: nothing sent, an empty string, or a refinement that asked for a key its object lacks. */
export function isMissing(issue: IssueLike): boolean {
  if (issue.input === undefined) return issue.code === "invalid_type";
  if (typeof issue.input === "string") return issue.input.trim() === "";
  const key = issue.path[issue.path.length - 1];
  return issue.code === "custom" && key !== undefined && typeof issue.input === "object" && issue.input !== null && (issue.input as Record<PropertyKey, unknown>)[key] === undefined;
}

/** "must be in the future" → "Must be in the future." */
export function sentence(message: string): string {
  const s = message.trim();
  return (s.charAt(0).toUpperCase() + s.slice(1)).replace(/([^.!?])$/, "$1.");
}

/** One message per field (the first issue of each), worded by `copy`. */
export function fieldErrorsOf(issues: readonly IssueLike[], copy: FormCopy): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = copy.fieldOf ? copy.fieldOf(issue.path) : String(issue.path[0] ?? "form");
    if (out[field]) continue;
    out[field] =
      copy.rules?.[`${field}:${issue.message}`] ??
      (isMissing(issue) ? copy.required[field] : undefined) ??
      (issue.code && valueCodes.has(issue.code) ? copy.invalid?.[field] : undefined) ??
      sentence(issue.message);
  }
  return out;
}
