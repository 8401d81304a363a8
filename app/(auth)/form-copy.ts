// The sign-in and sign-up forms' copy: the accounts API's validation issues worded for a person
// ("Enter your password.", never zod's "Too small: expected string to have >=1 characters").
import { fieldErrorsOf, type FormCopy, type IssueLike } from "@/lib/forms/field-errors";

const accountCopy: FormCopy = {
  required: {
    email: "Enter your email address.",
    password: "Enter your password.",
    name: "Enter your name.",
    brandName: "Enter your brand's name.",
    role: "Choose whether you are a shopper or a brand.",
  },
  invalid: {
    email: "Enter an email address like name@example.com.",
    role: "Choose whether you are a shopper or a brand.",
  },
};

/** One message per form field for the accounts API's issues. */
export function accountFormErrors(issues: readonly IssueLike[]): Record<string, string> {
  return fieldErrorsOf(issues, accountCopy);
}
