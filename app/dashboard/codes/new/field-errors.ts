// Turns the API's validation issues (zod's, or a DomainError's field errors) into one message per
// form field, worded for a person: the rules are the API's, the sentences are the form's.
// Paths are the API body's (`rule.amountOff.amount`); fields are the form's (`amountOff`).

/** The form field of an API path: the longest prefix listed wins. */
const fieldOfPath: [prefix: string, field: string][] = [
  ["rule.amountOff.currency", "currency"],
  ["rule.minSubtotal.currency", "currency"],
  ["rule.eligibility.minPriorOrderAmount.currency", "currency"],
  ["rule.eligibility.minPriorOrderAmount", "minPriorOrderAmount"],
  ["rule.eligibility.minPriorOrders", "minPriorOrders"],
  ["rule.eligibility", "form"],
  ["rule.amountOff", "amountOff"],
  ["rule.minSubtotal", "minSubtotal"],
  ["rule.percent", "discount"],
  ["rule", "discount"],
  ["code", "code"],
  ["discount", "discount"],
  ["ruleId", "ruleId"],
  ["validUntil", "validUntil"],
  ["validFrom", "validFrom"],
  ["maxRedemptions", "maxRedemptions"],
  ["brandId", "form"],
];

const required: Record<string, string> = {
  code: "Enter a code.",
  discount: "Enter a percentage from 1 to 100.",
  ruleId: "Choose one of your rules.",
  validUntil: "Choose when the code ends.",
  amountOff: "Enter how much to take off, like 5.00.",
  minPriorOrders: "Enter how many earlier orders a shopper needs, from 1.",
  minPriorOrderAmount: "Enter the order amount a shopper needs, like 100.00.",
};

/** Any refusal of these fields' values (wrong type, too small, too big, not a number) in the form's words. */
const outOfRange: Record<string, string> = {
  discount: "Enter a whole-number percentage from 1 to 100.",
  amountOff: "Enter an amount of at least 0.01, like 5.00 (two decimals at most).",
  minSubtotal: "Enter a minimum like 50.00, or leave it empty for none.",
  minPriorOrders: "Enter a whole number of earlier orders, from 1.",
  minPriorOrderAmount: "Enter an order amount of at least 0.01, like 100.00.",
  maxRedemptions: "Enter a whole number of uses from 1, or leave it empty for no limit.",
  currency: "Choose a currency.",
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

export function fieldOf(path: readonly PropertyKey[]): string {
  const joined = path.map(String).join(".");
  for (const [prefix, field] of fieldOfPath) {
    if (joined === prefix || joined.startsWith(`${prefix}.`)) return field;
  }
  return "form";
}

export function fieldErrorsOf(issues: readonly IssueLike[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = fieldOf(issue.path);
    if (out[key]) continue;
    if (issue.code === "invalid_type" && issue.input === undefined) {
      out[key] = required[key] ?? "Required.";
    } else if (outOfRange[key] && (issue.code === "invalid_type" || issue.code === "too_small" || issue.code === "too_big" || issue.code === "invalid_format")) {
      out[key] = outOfRange[key];
    } else if (key === "amountOff" && issue.code === "custom") {
      out[key] = required.amountOff!;
    } else if (issue.code === "code_taken") {
      out[key] = "This code already exists. Codes are unique across the marketplace — try another.";
    } else {
      out[key] = sentence(issue.message);
    }
  }
  return out;
}
