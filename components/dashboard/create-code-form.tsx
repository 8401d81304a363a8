"use client";

// The create-code form. Every rule is checked on the server by the API's own schema and domain
// function (the action); this component keeps the inputs, shows the errors inline next to their
// fields, and previews what shoppers will see.
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Chip } from "@/components/ui/chip";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { parseMoneyInput, parseWholeNumber } from "@/lib/cart/money-input";
import { formatDate } from "@/lib/cart/format";
import { capWords, ruleInWords, ruleOffWords, type RuleLike } from "@/lib/cart/rule-words";
import { CodeInput, CurrencySelect, discountTypes, EndDateInput, ErrorSummary, MoneyInput, PercentInput, Segmented, toIso, useFocusFirstError, WholeNumberInput } from "./code-fields";
import type { CreateCodeFormState } from "./create-code-state";

export interface RuleOption {
  id: number;
  rule: RuleLike;
  codes: number;
}

export interface EligibleCount {
  count: number | null;
  everyone: boolean;
}

export interface EligibleQuery {
  groupOrders: boolean;
  minPriorOrders: string;
  groupAmount: boolean;
  minPriorOrderAmount: string;
  currency: string;
}

const currencies = ["EUR", "USD", "GBP", "CHF", "SEK", "DKK", "PLN"];

function suggestCode(brandName: string): string {
  const word = (brandName.split(/\s+/)[0] ?? "CODE").toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 10) || "CODE";
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  return `${word}-${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("")}`;
}

/** The rule the new-rule fields describe, for the preview (null while the discount is not filled in). */
function previewRule(f: {
  type: "percentage" | "fixed_amount";
  discount: string;
  amountOff: string;
  currency: string;
  minSubtotal: string;
  groupOrders: boolean;
  minPriorOrders: string;
  groupAmount: boolean;
  minPriorOrderAmount: string;
}): RuleLike | null {
  const ok = (n: number | undefined): n is number => n !== undefined && Number.isSafeInteger(n) && n > 0;
  const percent = parseWholeNumber(f.discount);
  const off = parseMoneyInput(f.amountOff);
  if (f.type === "percentage" ? !ok(percent) || percent > 100 : !ok(off)) return null;
  const min = parseMoneyInput(f.minSubtotal);
  const orders = parseWholeNumber(f.minPriorOrders);
  const amount = parseMoneyInput(f.minPriorOrderAmount);
  const eligibility = {
    minPriorOrders: f.groupOrders && ok(orders) ? orders : null,
    minPriorOrderAmount: f.groupAmount && ok(amount) ? { amount, currency: f.currency } : null,
  };
  return {
    type: f.type,
    percent: f.type === "percentage" ? percent! : null,
    amountOff: f.type === "fixed_amount" ? { amount: off!, currency: f.currency } : null,
    minSubtotal: ok(min) ? { amount: min, currency: f.currency } : null,
    eligibility: eligibility.minPriorOrders !== null || eligibility.minPriorOrderAmount ? eligibility : null,
  };
}

export function CreateCodeForm({
  action,
  countEligible,
  brandName,
  rules,
}: {
  action: (state: CreateCodeFormState, form: FormData) => Promise<CreateCodeFormState>;
  countEligible: (q: EligibleQuery) => Promise<EligibleCount>;
  brandName: string;
  rules: RuleOption[];
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const [code, setCode] = useState("");
  const [mode, setMode] = useState<"new" | "rule">("new");
  const [type, setType] = useState<"percentage" | "fixed_amount">("percentage");
  const [discount, setDiscount] = useState("");
  const [amountOff, setAmountOff] = useState("");
  const [currency, setCurrency] = useState("EUR");
  const [minSubtotal, setMinSubtotal] = useState("");
  const [maxRedemptions, setMaxRedemptions] = useState("");
  const [groupOrders, setGroupOrders] = useState(false);
  const [minPriorOrders, setMinPriorOrders] = useState("");
  const [groupAmount, setGroupAmount] = useState(false);
  const [minPriorOrderAmount, setMinPriorOrderAmount] = useState("");
  const [eligible, setEligible] = useState<EligibleCount & { pending: boolean }>({ count: null, everyone: true, pending: true });
  const [ruleId, setRuleId] = useState(rules[0] ? String(rules[0].id) : "");
  const [validFrom, setValidFrom] = useState("");
  const [validUntil, setValidUntil] = useState("");
  const { formRef, summaryRef } = useFocusFirstError(state);
  const ids = { mode: useId(), who: useId() };

  const errors = state.fieldErrors ?? {};
  const errorCount = Object.keys(errors).length + (state.formError ? 1 : 0);

  // The live count of shoppers in the chosen group: debounced, and only the latest answer counts.
  const countSeq = useRef(0);
  useEffect(() => {
    const seq = ++countSeq.current;
    const timer = setTimeout(() => {
      setEligible((e) => ({ ...e, pending: true }));
      countEligible({ groupOrders, minPriorOrders, groupAmount, minPriorOrderAmount, currency }).then(
        (r) => {
          if (seq === countSeq.current) setEligible({ ...r, pending: false });
        },
        () => {
          if (seq === countSeq.current) setEligible({ count: null, everyone: false, pending: false });
        },
      );
    }, 350);
    return () => clearTimeout(timer);
  }, [countEligible, groupOrders, minPriorOrders, groupAmount, minPriorOrderAmount, currency]);

  const rule: RuleLike | null =
    mode === "rule"
      ? (rules.find((r) => String(r.id) === ruleId)?.rule ?? null)
      : previewRule({ type, discount, amountOff, currency, minSubtotal, groupOrders, minPriorOrders, groupAmount, minPriorOrderAmount });
  const shownCode = code.trim().toUpperCase() || "YOURCODE";
  const cap = parseWholeNumber(maxRedemptions);
  const grouped = mode === "new" && (groupOrders || groupAmount);

  const eligibleText = eligible.pending
    ? "Counting shoppers…"
    : eligible.count === null
      ? "Fill in the group to see how many shoppers qualify."
      : eligible.everyone
        ? `Everyone: ${eligible.count.toLocaleString("en")} ${eligible.count === 1 ? "shopper" : "shoppers"} today.`
        : `${eligible.count.toLocaleString("en")} ${eligible.count === 1 ? "shopper qualifies" : "shoppers qualify"} today.`;

  // One field for both modes: beside the minimum order for a new discount, alone for a reused rule.
  const totalUses = (
    <Field id="maxRedemptions" label="Total uses" optional error={errors.maxRedemptions} hint="Across all shoppers. Leave empty for no limit.">
      {(p) => <WholeNumberInput {...p} name="maxRedemptions" digits={10} value={maxRedemptions} onChange={setMaxRedemptions} placeholder="No limit" className="w-40 tabular" />}
    </Field>
  );

  return (
    <form ref={formRef} action={formAction} noValidate className="mt-8 grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem] lg:items-start">
      <input type="hidden" name="mode" value={mode} />
      <input type="hidden" name="type" value={type} />
      <input type="hidden" name="validFromIso" value={toIso(validFrom)} />
      <input type="hidden" name="validUntilIso" value={toIso(validUntil)} />
      <Card>
        <div className="flex flex-col gap-6 p-5 sm:p-6">
          {errorCount > 0 ? (
            <ErrorSummary summaryRef={summaryRef} count={errorCount} formError={state.formError} nothingYet="Nothing was created yet.">
              {errors.form ? <> {errors.form}</> : null}
            </ErrorSummary>
          ) : null}

          <Field id="code" label="Code" error={errors.code} hint="3–32 letters, numbers, - or _. Not case-sensitive; shown in capitals.">
            {(p) => (
              <div className="flex gap-2">
                <CodeInput {...p} name="code" value={code} onChange={setCode} maxLength={40} placeholder="SPRING20" />
                <Button variant="secondary" onClick={() => setCode(suggestCode(brandName))}>
                  Suggest
                </Button>
              </div>
            )}
          </Field>

          <fieldset className="flex flex-col gap-3">
            <legend id={ids.mode} className="mb-1.5 text-sm font-medium text-fg">
              Discount
            </legend>
            {rules.length > 0 ? (
              <Segmented
                name="modeChoice"
                value={mode}
                onChange={setMode}
                options={[
                  { value: "new", label: "New discount" },
                  { value: "rule", label: "Reuse a rule" },
                ]}
              />
            ) : null}
            {mode === "new" ? (
              <>
                <Segmented name="typeChoice" value={type} onChange={setType} options={discountTypes} />
                {type === "percentage" ? (
                  <Field id="discount" label={<span className="sr-only">Percentage off</span>} error={errors.discount} hint={`Off every ${brandName} product in the shopper's cart.`}>
                    {(p) => (
                      <div className="flex flex-wrap items-center gap-2">
                        <PercentInput {...p} name="discount" value={discount} onChange={setDiscount} />
                        <div className="flex gap-1.5" role="group" aria-label="Common percentages">
                          {[10, 15, 20, 25].map((n) => (
                            <Chip key={n} pressed={discount === String(n)} onClick={() => setDiscount(String(n))}>
                              {n}%
                            </Chip>
                          ))}
                        </div>
                      </div>
                    )}
                  </Field>
                ) : (
                  <Field id="amountOff" label="Amount off" error={errors.amountOff} hint={`Taken off the ${brandName} items in the cart, never more than they cost.`}>
                    {(p) => <MoneyInput {...p} name="amountOff" value={amountOff} onChange={setAmountOff} currency={currency} placeholder="5.00" />}
                  </Field>
                )}
                <Field id="currency" label="Currency" error={errors.currency} hint="For every amount on this form." className="sm:max-w-40">
                  {(p) => <CurrencySelect {...p} currencies={currencies} value={currency} onChange={setCurrency} />}
                </Field>
              </>
            ) : (
              <Field id="ruleId" label={<span className="sr-only">Rule</span>} error={errors.ruleId} hint="A rule can serve many campaigns.">
                {(p) => (
                  <Select {...p} name="ruleId" value={ruleId} onChange={(e) => setRuleId(e.target.value)} className="sm:max-w-lg">
                    {rules.map((r) => (
                      <option key={r.id} value={r.id}>
                        {ruleInWords(r.rule, { brandName }).replace(/\.$/, "")} — used by {r.codes} {r.codes === 1 ? "code" : "codes"}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            )}
          </fieldset>

          {mode === "new" ? (
            <div className="grid gap-6 sm:grid-cols-2">
              <Field id="minSubtotal" label="Minimum order" optional error={errors.minSubtotal} hint={`The ${brandName} items in the cart must come to at least this much.`}>
                {(p) => <MoneyInput {...p} name="minSubtotal" value={minSubtotal} onChange={setMinSubtotal} currency={currency} placeholder="50.00" />}
              </Field>
              {totalUses}
            </div>
          ) : (
            totalUses
          )}

          {mode === "new" ? (
            <fieldset className="flex flex-col gap-3" aria-describedby={ids.who}>
              <legend className="mb-1.5 text-sm font-medium text-fg">
                Who can use it <span className="ml-1.5 font-normal text-fg-subtle">(optional)</span>
              </legend>
              <p className="-mt-1 text-sm text-fg-subtle">Everyone, unless you pick a group. Pick both and a shopper must be in both.</p>
              <div className="flex flex-col gap-2">
                <label className="flex items-center gap-2 text-sm text-fg">
                  <input type="checkbox" name="groupOrders" checked={groupOrders} onChange={(e) => setGroupOrders(e.target.checked)} className="size-4 accent-accent" />
                  Shoppers with at least a number of earlier orders with us
                </label>
                {groupOrders ? (
                  <Field id="minPriorOrders" label="Earlier orders, at least" error={errors.minPriorOrders} className="ml-6">
                    {(p) => (
                      <WholeNumberInput {...p} name="minPriorOrders" digits={5} value={minPriorOrders} onChange={setMinPriorOrders} placeholder="3" className="w-28 tabular" />
                    )}
                  </Field>
                ) : null}
              </div>
              <div className="flex flex-col gap-2">
                <label className="flex items-center gap-2 text-sm text-fg">
                  <input type="checkbox" name="groupAmount" checked={groupAmount} onChange={(e) => setGroupAmount(e.target.checked)} className="size-4 accent-accent" />
                  Shoppers with an earlier order of at least an amount
                </label>
                {groupAmount ? (
                  <Field id="minPriorOrderAmount" label="Earlier order of at least" error={errors.minPriorOrderAmount} className="ml-6">
                    {(p) => <MoneyInput {...p} name="minPriorOrderAmount" value={minPriorOrderAmount} onChange={setMinPriorOrderAmount} currency={currency} placeholder="100.00" />}
                  </Field>
                ) : null}
              </div>
              <p id={ids.who} role="status" aria-live="polite" className="text-sm font-medium text-fg" data-testid="eligible-count">
                {eligibleText}
              </p>
            </fieldset>
          ) : null}

          <div className="grid gap-6 sm:grid-cols-2">
            <Field id="validFrom" label="Starts" optional error={errors.validFrom} hint="Leave empty to start right away.">
              {(p) => <Input {...p} type="datetime-local" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />}
            </Field>
            <Field id="validUntil" label="Ends" error={errors.validUntil} hint="Your local time. The code stops working at this moment.">
              {(p) => <EndDateInput {...p} value={validUntil} onChange={setValidUntil} quickDays={[7, 30, 90]} />}
            </Field>
          </div>
        </div>
        <div className="flex flex-col-reverse gap-3 rounded-b-xl border-t border-line bg-surface-muted px-5 py-4 sm:flex-row sm:items-center sm:justify-end sm:px-6">
          <ButtonLink href="/dashboard" variant="ghost">
            Cancel
          </ButtonLink>
          <Button type="submit" pending={pending}>
            {pending ? "Creating…" : "Create code"}
          </Button>
        </div>
      </Card>

      <aside aria-label="Preview" className="flex flex-col gap-4 lg:sticky lg:top-20">
        <Card className="overflow-hidden">
          <div className="border-b border-line px-5 py-3">
            <h2 className="text-sm font-medium text-fg-muted">What shoppers see</h2>
          </div>
          <div className="px-5 py-5">
            <div className="flex items-center justify-between gap-2">
              <span className="rounded-md border border-dashed border-brand-400 px-2 py-0.5 font-mono text-sm font-semibold tracking-wide break-all text-accent-ink">
                {shownCode}
              </span>
              {rule ? <Badge tone="accent">{ruleOffWords(rule)}</Badge> : null}
            </div>
            <p className="mt-3 text-sm text-fg" data-testid="rule-preview">
              {rule ? ruleInWords(rule, { brandName }) : type === "percentage" || mode === "rule" ? `A percentage off every ${brandName} product.` : `An amount off ${brandName} products.`}
            </p>
            <p className="mt-1 text-sm text-fg-muted">
              {validUntil
                ? `${validFrom ? `From ${formatDate(new Date(validFrom), { time: true })} until` : "Until"} ${formatDate(new Date(validUntil), { time: true })}.`
                : "Pick an end date."}
            </p>
            <p className="mt-1 text-sm text-fg-muted">
              Total uses: {cap !== undefined && Number.isSafeInteger(cap) && cap > 0 ? capWords(cap, cap).replace(/ of .*/, "") : capWords(null, null).toLowerCase()}.
            </p>
          </div>
        </Card>
        <p className="px-1 text-sm text-fg-muted">
          When you create it, {grouped ? "the shoppers in the group who opted in are" : "every shopper who opted in is"} emailed the code and its terms. Each shopper can
          use it once; you&apos;ll see every redemption on the code&apos;s page.
        </p>
      </aside>
    </form>
  );
}
