"use client";
// /account: change the password. Every other session of the account is signed out; this browser
// gets a fresh session (app/account/actions.ts).
import { useActionState } from "react";
import { Field, FormError } from "@/components/auth/field";
import { SubmitButton } from "@/components/auth/submit-button";
import { Alert } from "@/components/ui";
import { changePasswordAction, type PasswordFormState } from "./actions";

export function PasswordForm() {
  const [state, action] = useActionState(changePasswordAction, {} as PasswordFormState);
  return (
    <form action={action} className="flex max-w-md flex-col gap-4 px-5 py-5" noValidate>
      <FormError message={state.error} />
      {state.done ? (
        <Alert tone="success" role="status">
          Password changed. You were signed out everywhere else.
        </Alert>
      ) : null}
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={state.fieldErrors?.currentPassword}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters."
        error={state.fieldErrors?.newPassword}
      />
      <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
    </form>
  );
}
