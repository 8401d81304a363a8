"use client";

// The bulk-codes form. Every rule is checked on the server by the API's own schema and domain
// function (the action); this component keeps the inputs and shows errors next to their fields.
import { useActionState, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Chip } from "@/components/ui/chip";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";

/** What the bulk-codes server action answers. */
export interface BatchFormState {
  fieldErrors?: Record<string, string>;
  formError?: string;
  created?: { id: string; total: number; prefix: string };
}

function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function toIso(local: string): string {
  if (!local) return "";
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

function endOfDayIn(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  d.setHours(23, 59, 0, 0);
  return toLocalInput(d);
}

export function BatchForm({ action }: { action: (state: BatchFormState, form: FormData) => Promise<BatchFormState> }) {
  const [state, formAction, pending] = useActionState(action, {});
  const [prefix, setPrefix] = useState("");
  const [count, setCount] = useState("500");
  const [kind, setKind] = useState<"percentage" | "fixed_amount">("percentage");
  const [discount, setDiscount] = useState("");
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState("EUR");
  const [validUntil, setValidUntil] = useState("");
  const [maxRedemptions, setMaxRedemptions] = useState("1");
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const errors = state.fieldErrors ?? {};
  const errorCount = Object.keys(errors).length + (state.formError ? 1 : 0);

  useEffect(() => {
    if (!state.fieldErrors && !state.formError) return;
    const first = formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]");
    (first ?? summaryRef.current)?.focus();
  }, [state]);

  const shownPrefix = prefix.trim().toUpperCase() || "PREFIX";

  return (
    <form ref={formRef} action={formAction} noValidate className="mt-8" aria-label="New batch of codes">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="validUntilIso" value={toIso(validUntil)} />
      <Card>
        <div className="flex flex-col gap-6 p-5 sm:p-6">
          {errorCount > 0 ? (
            <div ref={summaryRef} tabIndex={-1} className="outline-none">
              <Alert tone="danger" role="alert" title={state.formError ?? `Check ${errorCount === 1 ? "the highlighted field" : `the ${errorCount} highlighted fields`}.`}>
                {state.formError ? null : "No codes were created yet."}
              </Alert>
            </div>
          ) : state.created ? (
            <Alert tone="success" role="status" title={`Generating ${state.created.total.toLocaleString("en-GB")} codes ${state.created.prefix}-…`}>
              Follow the progress below; the CSV is ready when it reaches 100 %.
            </Alert>
          ) : null}

          <div className="grid gap-6 sm:grid-cols-2">
            <Field id="batch-prefix" label="Prefix" error={errors.prefix} hint={`2–12 letters or digits. Codes look like ${shownPrefix}-7KQ2M9PX.`}>
              {(p) => (
                <Input
                  {...p}
                  name="prefix"
                  value={prefix}
                  onChange={(e) => setPrefix(e.target.value)}
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={14}
                  placeholder="XMAS26"
                  className="font-mono tracking-wide uppercase placeholder:normal-case"
                />
              )}
            </Field>
            <Field id="batch-count" label="How many codes" error={errors.count} hint="1 to 100,000.">
              {(p) => (
                <Input {...p} name="count" inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value.replace(/[^\d]/g, "").slice(0, 6))} className="tabular" />
              )}
            </Field>
          </div>

          <fieldset className="flex flex-col gap-3">
            <legend className="mb-1.5 text-sm font-medium text-fg">Discount</legend>
            <div className="grid grid-cols-2 gap-1 rounded-lg bg-surface-sunken p-1 text-sm sm:w-fit">
              {(["percentage", "fixed_amount"] as const).map((k) => (
                <label
                  key={k}
                  className={cn(
                    "cursor-pointer rounded-md px-3 py-1.5 text-center font-medium transition-colors has-focus-visible:outline-2 has-focus-visible:outline-focus",
                    kind === k ? "bg-surface text-fg shadow-card" : "text-fg-muted hover:text-fg",
                  )}
                >
                  <input type="radio" name="kindChoice" value={k} checked={kind === k} onChange={() => setKind(k)} className="sr-only" />
                  {k === "percentage" ? "Percentage" : "Fixed amount"}
                </label>
              ))}
            </div>
            {kind === "percentage" ? (
              <Field id="batch-discount" label="Percentage off" error={errors.discount} hint="Off every product of your brand in the cart.">
                {(p) => (
                  <div className="relative w-32">
                    <Input {...p} name="discount" inputMode="numeric" value={discount} onChange={(e) => setDiscount(e.target.value.replace(/[^\d]/g, "").slice(0, 3))} placeholder="15" className="pr-8 tabular" />
                    <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-fg-subtle" aria-hidden="true">
                      %
                    </span>
                  </div>
                )}
              </Field>
            ) : (
              <div className="flex flex-wrap items-start gap-3">
                <Field id="batch-amount" label="Amount off" error={errors.amountOff} hint="Never more than your products in the cart.">
                  {(p) => <Input {...p} name="amountOff" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value.replace(/[^\d.,]/g, "").slice(0, 10))} placeholder="5.00" className="w-32 tabular" />}
                </Field>
                <Field id="batch-currency" label="Currency">
                  {(p) => (
                    <Select {...p} name="currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
                      {["EUR", "USD", "GBP"].map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
              </div>
            )}
          </fieldset>

          <div className="grid gap-6 sm:grid-cols-2">
            <Field id="batch-valid-until" label="Valid until" error={errors.validUntil} hint="Your local time. Every code stops working at this moment.">
              {(p) => (
                <div className="flex flex-col gap-2">
                  <Input {...p} type="datetime-local" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} />
                  <div className="flex flex-wrap gap-1.5" role="group" aria-label="Quick end dates">
                    {[30, 90, 365].map((days) => (
                      <Chip key={days} onClick={() => setValidUntil(endOfDayIn(days))}>
                        In {days} days
                      </Chip>
                    ))}
                  </div>
                </div>
              )}
            </Field>
            <Field id="batch-max-uses" label="Uses per code" error={errors.maxRedemptions} hint="1 = single-use codes, across all shoppers.">
              {(p) => (
                <Input {...p} name="maxRedemptions" inputMode="numeric" value={maxRedemptions} onChange={(e) => setMaxRedemptions(e.target.value.replace(/[^\d]/g, "").slice(0, 7))} className="w-32 tabular" />
              )}
            </Field>
          </div>
        </div>
        <div className="flex justify-end rounded-b-xl border-t border-line bg-surface-muted px-5 py-4 sm:px-6">
          <Button type="submit" pending={pending}>
            {pending ? "Starting…" : "Generate codes"}
          </Button>
        </div>
      </Card>
    </form>
  );
}
