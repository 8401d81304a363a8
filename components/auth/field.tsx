// The auth forms' fields: the design system's Field and Input, addressed by the form field name.
import type { InputHTMLAttributes } from "react";
import { Alert, Field as UiField, Input } from "@/components/ui";

export function Field({
  label,
  name,
  error,
  hint,
  ...input
}: { label: string; name: string; error?: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <UiField id={`field-${name}`} label={label} hint={hint} error={error}>
      {(control) => <Input name={name} {...input} {...control} />}
    </UiField>
  );
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <Alert tone="danger" role="alert">
      {message}
    </Alert>
  );
}
