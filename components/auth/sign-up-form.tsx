"use client";
// Sign-up as a shopper or as a brand (then with the brand's name); the server action calls the
// same domain function as POST /api/v1/auth/register.
import { useActionState, useState } from "react";
import { Field, FormError } from "./field";
import { emptyFormState, type AuthFormAction } from "./form-state";
import { SubmitButton } from "./submit-button";

export function SignUpForm({ action: signUpAction, callbackUrl }: { action: AuthFormAction; callbackUrl?: string }) {
  const [state, action] = useActionState(signUpAction, emptyFormState);
  const [role, setRole] = useState(state.values?.role === "brand" ? "brand" : "shopper");
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <FormError message={state.error} />
      <fieldset className="flex flex-col gap-2" aria-describedby={state.fieldErrors?.role ? "field-role-error" : undefined}>
        <legend className="mb-1.5 text-sm font-medium">I am</legend>
        <div className="grid grid-cols-2 gap-2">
          {(
            [
              ["shopper", "A shopper", "Redeem codes at checkout"],
              ["brand", "A brand", "Create codes for my products"],
            ] as const
          ).map(([value, title, note]) => (
            <label
              key={value}
              className="flex cursor-pointer flex-col rounded-lg border border-line-strong bg-surface px-3 py-2 has-checked:border-accent has-checked:bg-accent-soft has-focus-visible:outline-2 has-focus-visible:outline-accent"
            >
              <span className="flex items-center gap-2 font-medium">
                <input
                  type="radio"
                  name="role"
                  value={value}
                  checked={role === value}
                  onChange={() => setRole(value)}
                  className="accent-(--color-accent)"
                />
                {title}
              </span>
              <span className="text-sm text-fg-muted">{note}</span>
            </label>
          ))}
        </div>
        {state.fieldErrors?.role ? (
          <p id="field-role-error" className="text-sm text-red-600 dark:text-red-400">
            {state.fieldErrors.role}
          </p>
        ) : null}
      </fieldset>
      <Field label="Name" name="name" autoComplete="name" required defaultValue={state.values?.name} error={state.fieldErrors?.name} />
      {role === "brand" ? (
        <Field
          label="Brand name"
          name="brandName"
          autoComplete="organization"
          required
          defaultValue={state.values?.brandName}
          error={state.fieldErrors?.brandName}
          hint="You become the brand's admin."
        />
      ) : null}
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={state.fieldErrors?.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters."
        error={state.fieldErrors?.password}
      />
      <SubmitButton pendingLabel="Creating account…">Create account</SubmitButton>
    </form>
  );
}
