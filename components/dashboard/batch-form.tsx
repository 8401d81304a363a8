"use client";

// The bulk-codes form. Every rule is checked on the server by the API's own schema and domain
// function (the action); this component keeps the inputs and shows errors next to their fields.
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { CodeInput, CurrencySelect, DecimalInput, discountTypes, EndDateInput, ErrorSummary, PercentInput, Segmented, toIso, useFocusFirstError, WholeNumberInput } from "./code-fields";

/** What the bulk-codes server action answers. */
export interface BatchFormState {
  fieldErrors?: Record<string, string>;
  formError?: string;
  created?: { id: string; total: number; prefix: string };
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
  const { formRef, summaryRef } = useFocusFirstError(state);
  const errors = state.fieldErrors ?? {};
  const errorCount = Object.keys(errors).length + (state.formError ? 1 : 0);

  const shownPrefix = prefix.trim().toUpperCase() || "PREFIX";

  return (
    <form ref={formRef} action={formAction} noValidate className="mt-8" aria-label="New batch of codes">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="validUntilIso" value={toIso(validUntil)} />
      <Card>
        <div className="flex flex-col gap-6 p-5 sm:p-6">
          {errorCount > 0 ? (
            <ErrorSummary summaryRef={summaryRef} count={errorCount} formError={state.formError} nothingYet="No codes were created yet." />
          ) : state.created ? (
            <Alert tone="success" role="status" title={`Generating ${state.created.total.toLocaleString("en-GB")} codes ${state.created.prefix}-…`}>
              Follow the progress below; the CSV is ready when it reaches 100 %.
            </Alert>
          ) : null}

          <div className="grid gap-6 sm:grid-cols-2">
            <Field id="batch-prefix" label="Prefix" error={errors.prefix} hint={`2–12 letters or digits. Codes look like ${shownPrefix}-7KQ2M9PX.`}>
              {(p) => <CodeInput {...p} name="prefix" value={prefix} onChange={setPrefix} maxLength={14} placeholder="XMAS26" />}
            </Field>
            <Field id="batch-count" label="How many codes" error={errors.count} hint="1 to 100,000.">
              {(p) => <WholeNumberInput {...p} name="count" digits={6} value={count} onChange={setCount} className="tabular" />}
            </Field>
          </div>

          <fieldset className="flex flex-col gap-3">
            <legend className="mb-1.5 text-sm font-medium text-fg">Discount</legend>
            <Segmented name="kindChoice" value={kind} onChange={setKind} options={discountTypes} />
            {kind === "percentage" ? (
              <Field id="batch-discount" label="Percentage off" error={errors.discount} hint="Off every product of your brand in the cart.">
                {(p) => <PercentInput {...p} name="discount" value={discount} onChange={setDiscount} />}
              </Field>
            ) : (
              <div className="flex flex-wrap items-start gap-3">
                <Field id="batch-amount" label="Amount off" error={errors.amountOff} hint="Never more than your products in the cart.">
                  {(p) => <DecimalInput {...p} name="amountOff" chars={10} value={amount} onChange={setAmount} placeholder="5.00" className="w-32 tabular" />}
                </Field>
                <Field id="batch-currency" label="Currency">
                  {(p) => <CurrencySelect {...p} currencies={["EUR", "USD", "GBP"]} value={currency} onChange={setCurrency} />}
                </Field>
              </div>
            )}
          </fieldset>

          <div className="grid gap-6 sm:grid-cols-2">
            <Field id="batch-valid-until" label="Valid until" error={errors.validUntil} hint="Your local time. Every code stops working at this moment.">
              {(p) => <EndDateInput {...p} value={validUntil} onChange={setValidUntil} quickDays={[30, 90, 365]} />}
            </Field>
            <Field id="batch-max-uses" label="Uses per code" error={errors.maxRedemptions} hint="1 = single-use codes, across all shoppers.">
              {(p) => <WholeNumberInput {...p} name="maxRedemptions" digits={7} value={maxRedemptions} onChange={setMaxRedemptions} className="w-32 tabular" />}
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
