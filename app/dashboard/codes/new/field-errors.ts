// Turns the API's validation issues (zod's, or a DomainError's field errors) into one message per
// form field, worded for a person: the rules are the API's, the sentences are the form's.
const fieldOf: Record<string, string> = { code: "code", discount: "discount", ruleId: "ruleId", validUntil: "validUntil", validFrom: "validFrom", brandId: "form" };

const required: Record<string, string> = {
  code: "Enter a code.",
  discount: "Enter a percentage from 1 to 100.",
  ruleId: "Choose one of your rules.",
  validUntil: "Choose when the code ends.",
};

export interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  input?: unknown;
}

function sentence(message: string): string {
  const s = message.trim();
  return (s.charAt(0).toUpperCase() + s.slice(1)).replace(/([^.!?])$/, "$1.");
}

export function fieldErrorsOf(issues: readonly IssueLike[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = fieldOf[String(issue.path[0] ?? "")] ?? "form";
    if (out[key]) continue;
    if (issue.code === "invalid_type" && issue.input === undefined) {
      out[key] = required[key] ?? "Required.";
    } else if (key === "discount" && (issue.code === "invalid_type" || issue.code === "too_small" || issue.code === "too_big")) {
      out[key] = "Enter a whole-number percentage from 1 to 100.";
    } else if (issue.code === "code_taken") {
      out[key] = "This code already exists. Codes are unique across the marketplace — try another.";
    } else {
      out[key] = sentence(issue.message);
    }
  }
  return out;
}
