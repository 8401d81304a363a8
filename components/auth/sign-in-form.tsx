"use client";
// Email + password sign-in; errors are shown inline, the email is kept on a failed attempt.
import { useActionState } from "react";
import { Field, FormError } from "./field";
import { emptyFormState, type AuthFormAction } from "./form-state";
import { SubmitButton } from "./submit-button";

export function SignInForm({ action: signInAction, callbackUrl }: { action: AuthFormAction; callbackUrl?: string }) {
  const [state, action] = useActionState(signInAction, emptyFormState);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <FormError message={state.error} />
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
        autoComplete="current-password"
        required
        error={state.fieldErrors?.password}
      />
      <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
    </form>
  );
}
