// The create-code form's copy: the API's validation issues (zod's, or createCode's field errors)
// worded for the form, one table per kind of refusal — the rules are the API's, the sentences the
// form's, naming its fields as it labels them ("Starts", "Ends"). Paths are the API body's
// (`rule.amountOff.amount`); fields are the form's (`amountOff`).
import { fieldErrorsOf, type FormCopy, type IssueLike } from "@/lib/forms/field-errors";
import { fieldMessages } from "@/lib/discounts/messages";

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

export function fieldOf(path: readonly PropertyKey[]): string {
  const joined = path.map(String).join(".");
  for (const [prefix, field] of fieldOfPath) {
    if (joined === prefix || joined.startsWith(`${prefix}.`)) return field;
  }
  return "form";
}

export const createCodeCopy: FormCopy = {
  fieldOf,
  required: {
    code: "Enter a code.",
    discount: "Enter a percentage from 1 to 100.",
    ruleId: "Choose one of your rules.",
    validUntil: "Choose when the code ends.",
    amountOff: "Enter how much to take off, like 5.00.",
    minPriorOrders: "Enter how many earlier orders a shopper needs, from 1.",
    minPriorOrderAmount: "Enter the order amount a shopper needs, like 100.00.",
  },
  invalid: {
    discount: "Enter a whole-number percentage from 1 to 100.",
    amountOff: "Enter an amount of at least 0.01, like 5.00 (two decimals at most).",
    minSubtotal: "Enter a minimum like 50.00, or leave it empty for none.",
    minPriorOrders: "Enter a whole number of earlier orders, from 1.",
    minPriorOrderAmount: "Enter an order amount of at least 0.01, like 100.00.",
    maxRedemptions: "Enter a whole number of uses from 1, or leave it empty for no limit.",
    currency: "Choose a currency.",
    validFrom: "Enter a date and time, or leave Starts empty to start right away.",
    validUntil: "Enter a date and time for Ends.",
  },
  rules: {
    [`validUntil:${fieldMessages.untilPast}`]: "Ends must be in the future.",
    [`validUntil:${fieldMessages.untilBeforeStart}`]: "Ends must be after Starts.",
    [`discount:${fieldMessages.notOneRule}`]: "Enter a percentage from 1 to 100, or pick a rule.",
    [`ruleId:${fieldMessages.unknownRule}`]: "Choose one of your rules.",
    [`code:${fieldMessages.codeTaken}`]: "This code already exists. Codes are unique across the marketplace — try another.",
  },
};

/** One message per form field for the API's issues. */
export function codeFormErrors(issues: readonly IssueLike[]): Record<string, string> {
  return fieldErrorsOf(issues, createCodeCopy);
}
