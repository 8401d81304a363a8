import { describe, expect, it } from "vitest";
import { registerBodySchema, tokenBodySchema } from "@/lib/accounts/schemas";
import { destinationFor } from "./destination";
import { accountFormErrors } from "./form-copy";

const errorsOf = (schema: typeof tokenBodySchema | typeof registerBodySchema, raw: unknown) => {
  const r = schema.safeParse(raw, { reportInput: true });
  if (r.success) throw new Error("expected a failure");
  return accountFormErrors(r.error.issues);
};

describe("accountFormErrors: the accounts API's rules in the forms' words", () => {
  it("asks for an empty password in plain words on sign-in, never zod's", () => {
    expect(errorsOf(tokenBodySchema, { email: "ada@example.com", password: "" })).toEqual({ password: "Enter your password." });
    expect(errorsOf(tokenBodySchema, { email: "", password: "" })).toEqual({ email: "Enter your email address.", password: "Enter your password." });
  });

  it("flags every empty sign-up field at once", () => {
    expect(errorsOf(registerBodySchema, { email: "", password: "", name: "", role: "brand", brandName: "" })).toEqual({
      email: "Enter your email address.",
      password: "Enter your password.",
      name: "Enter your name.",
      brandName: "Enter your brand's name.",
    });
    expect(errorsOf(registerBodySchema, { email: "", password: "", name: "", role: "" }).role).toBe("Choose whether you are a shopper or a brand.");
  });

  it("keeps the schema's own plain rules for values that were given", () => {
    expect(errorsOf(registerBodySchema, { email: "ada@example.com", password: "short", name: "Ada", role: "shopper" })).toEqual({
      password: "Use at least 8 characters.",
    });
    expect(errorsOf(tokenBodySchema, { email: "not-an-email", password: "x" })).toEqual({ email: "Enter an email address like name@example.com." });
  });
});

describe("destinationFor: where a signed-in user goes from sign-in or sign-up", () => {
  it.each([
    ["brand", undefined, "/dashboard"],
    ["shopper", undefined, "/"],
    ["shopper", "/checkout?x=1", "/checkout?x=1"],
    ["brand", "//evil.example/x", "/dashboard"],
    ["brand", "https://evil.example/", "/dashboard"],
    ["shopper", "/sign-in?callbackUrl=%2F", "/"],
    ["brand", "/sign-up", "/dashboard"],
    [null, "/sign-in", "/"],
  ] as const)("%s with %s → %s", (role, callbackUrl, expected) => expect(destinationFor(role, callbackUrl)).toBe(expected));
});
