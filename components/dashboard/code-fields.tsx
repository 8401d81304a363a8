"use client";

// The pieces the two code forms share (one code: create-code-form; a batch: batch-form): the
// datetime-local helpers, the error summary that takes focus after a refused submit, and the
// inputs for a code or prefix, whole numbers, percentages, amounts, a currency and an end date.
import { useEffect, useRef, type ComponentProps, type ReactNode, type RefObject } from "react";
import { Alert } from "@/components/ui/alert";
import { Chip } from "@/components/ui/chip";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/input";

/** A `datetime-local` value (local wall time, minutes) for a Date. */
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The instant a `datetime-local` value means in this browser's time zone, as ISO 8601 UTC. */
export function toIso(local: string): string {
  if (!local) return "";
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

/** 23:59 local time, `days` days from today, as a `datetime-local` value. */
export function endOfDayIn(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  d.setHours(23, 59, 0, 0);
  return toLocalInput(d);
}

/**
 * After a refused submit, moves focus to the first field in error (or, failing one, the summary):
 * put `formRef` on the form and `summaryRef` on the ErrorSummary.
 */
export function useFocusFirstError(state: { fieldErrors?: unknown; formError?: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!state.fieldErrors && !state.formError) return;
    const first = formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]");
    (first ?? summaryRef.current)?.focus();
  }, [state]);
  return { formRef, summaryRef };
}

/** The alert above a refused form: the form's own error, or how many fields to check. */
export function ErrorSummary({
  summaryRef,
  count,
  formError,
  nothingYet,
  children,
}: {
  summaryRef: RefObject<HTMLDivElement | null>;
  count: number;
  formError?: string;
  /** Said under "Check the … fields", e.g. "Nothing was created yet." */
  nothingYet: string;
  children?: ReactNode;
}) {
  return (
    <div ref={summaryRef} tabIndex={-1} className="outline-none">
      <Alert tone="danger" role="alert" title={formError ?? `Check ${count === 1 ? "the highlighted field" : `the ${count} highlighted fields`}.`}>
        {formError ? null : nothingYet}
        {children}
      </Alert>
    </div>
  );
}

/** Two or more choices as one segmented control (radio buttons). */
export function Segmented<T extends string>({ name, value, options, onChange }: { name: string; value: T; options: { value: T; label: string }[]; onChange: (v: T) => void }) {
  return (
    <div className="grid grid-cols-2 gap-1 rounded-lg bg-surface-sunken p-1 text-sm sm:w-fit">
      {options.map((o) => (
        <label
          key={o.value}
          className={cn(
            "cursor-pointer rounded-md px-3 py-1.5 text-center font-medium transition-colors has-focus-visible:outline-2 has-focus-visible:outline-focus",
            value === o.value ? "bg-surface text-fg shadow-card" : "text-fg-muted hover:text-fg",
          )}
        >
          <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} className="sr-only" />
          {o.label}
        </label>
      ))}
    </div>
  );
}

/** The discount types, for a Segmented. */
export const discountTypes: { value: "percentage" | "fixed_amount"; label: string }[] = [
  { value: "percentage", label: "Percentage" },
  { value: "fixed_amount", label: "Fixed amount" },
];

type TextInputProps = Omit<ComponentProps<"input">, "value" | "onChange"> & { value: string; onChange: (v: string) => void };

/** A code or a prefix of codes: capitals in a monospaced face, no autocomplete or spell check. */
export function CodeInput({ onChange, ...p }: TextInputProps) {
  return (
    <Input
      {...p}
      onChange={(e) => onChange(e.target.value)}
      autoComplete="off"
      spellCheck={false}
      className="font-mono tracking-wide uppercase placeholder:normal-case"
    />
  );
}

/** Digits only, `digits` of them at most. */
export function WholeNumberInput({ digits, onChange, ...p }: TextInputProps & { digits: number }) {
  return <Input {...p} inputMode="numeric" onChange={(e) => onChange(e.target.value.replace(/[^\d]/g, "").slice(0, digits))} />;
}

/** An amount as typed (digits, "." and ","), `chars` characters at most. */
export function DecimalInput({ chars, onChange, ...p }: TextInputProps & { chars: number }) {
  return <Input {...p} inputMode="decimal" onChange={(e) => onChange(e.target.value.replace(/[^\d.,]/g, "").slice(0, chars))} />;
}

/** A whole percentage, with "%" after it. */
export function PercentInput(p: TextInputProps) {
  return (
    <div className="relative w-32">
      <WholeNumberInput {...p} digits={3} placeholder="15" className="pr-8 tabular" />
      <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-fg-subtle" aria-hidden="true">
        %
      </span>
    </div>
  );
}

/** An amount with its currency after it. */
export function MoneyInput({ currency, ...p }: TextInputProps & { currency: string }) {
  return (
    <div className="relative w-40">
      <DecimalInput {...p} chars={13} className="pr-12 tabular" />
      <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-fg-subtle" aria-hidden="true">
        {currency}
      </span>
    </div>
  );
}

export function CurrencySelect({
  currencies,
  value,
  onChange,
  ...p
}: Omit<ComponentProps<"select">, "value" | "onChange"> & { currencies: string[]; value: string; onChange: (v: string) => void }) {
  return (
    <Select {...p} name="currency" value={value} onChange={(e) => onChange(e.target.value)}>
      {currencies.map((c) => (
        <option key={c} value={c}>
          {c}
        </option>
      ))}
    </Select>
  );
}

/** A `datetime-local` end, with chips for the end of a day some days ahead. */
export function EndDateInput({ value, onChange, quickDays, ...p }: TextInputProps & { quickDays: number[] }) {
  return (
    <div className="flex flex-col gap-2">
      <Input {...p} type="datetime-local" value={value} onChange={(e) => onChange(e.target.value)} />
      <div className="flex flex-wrap gap-1.5" role="group" aria-label="Quick end dates">
        {quickDays.map((days) => (
          <Chip key={days} onClick={() => onChange(endOfDayIn(days))}>
            In {days} days
          </Chip>
        ))}
      </div>
    </div>
  );
}
