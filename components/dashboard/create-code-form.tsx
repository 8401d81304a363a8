"use client";

// The create-code form. Every rule is checked on the server by the API's own schema and domain
// function (the action); this component keeps the inputs, shows the errors inline next to their
// fields, and previews what shoppers will see.
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Chip } from "@/components/ui/chip";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { formatDate } from "@/lib/cart/format";
import type { CreateCodeFormState } from "./create-code-state";

export interface RuleOption {
  id: number;
  percent: number;
  codes: number;
}

/** A `datetime-local` value (local wall time, minutes) for a Date. */
function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The instant a `datetime-local` value means in this browser's time zone, as ISO 8601 UTC. */
function toIso(local: string): string {
  if (!local) return "";
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

const quickEnds = [
  { label: "7 days", days: 7 },
  { label: "30 days", days: 30 },
  { label: "90 days", days: 90 },
];

function endOfDayIn(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  d.setHours(23, 59, 0, 0);
  return toLocalInput(d);
}

function suggestCode(brandName: string): string {
  const word = (brandName.split(/\s+/)[0] ?? "CODE").toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 10) || "CODE";
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  return `${word}-${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("")}`;
}

export function CreateCodeForm({
  action,
  brandName,
  rules,
}: {
  action: (state: CreateCodeFormState, form: FormData) => Promise<CreateCodeFormState>;
  brandName: string;
  rules: RuleOption[];
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const [code, setCode] = useState("");
  const [mode, setMode] = useState<"percent" | "rule">("percent");
  const [discount, setDiscount] = useState("");
  const [ruleId, setRuleId] = useState(rules[0] ? String(rules[0].id) : "");
  const [validFrom, setValidFrom] = useState("");
  const [validUntil, setValidUntil] = useState("");
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const ids = { mode: useId() };

  const errors = state.fieldErrors ?? {};
  const errorCount = Object.keys(errors).length + (state.formError ? 1 : 0);

  // After a refused submit, move focus to the first field in error (or the summary).
  useEffect(() => {
    if (!state.fieldErrors && !state.formError) return;
    const first = formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]");
    (first ?? summaryRef.current)?.focus();
  }, [state]);

  const percent = mode === "rule" ? rules.find((r) => String(r.id) === ruleId)?.percent : Number(discount) || undefined;
  const shownCode = code.trim().toUpperCase() || "YOURCODE";

  return (
    <form ref={formRef} action={formAction} noValidate className="mt-8 grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem] lg:items-start">
      <input type="hidden" name="mode" value={mode} />
      <input type="hidden" name="validFromIso" value={toIso(validFrom)} />
      <input type="hidden" name="validUntilIso" value={toIso(validUntil)} />
      <Card>
        <div className="flex flex-col gap-6 p-5 sm:p-6">
          {errorCount > 0 ? (
            <div ref={summaryRef} tabIndex={-1} className="outline-none">
              <Alert tone="danger" role="alert" title={state.formError ?? `Check ${errorCount === 1 ? "the highlighted field" : `the ${errorCount} highlighted fields`}.`}>
                {state.formError ? null : "Nothing was created yet."}
              </Alert>
            </div>
          ) : null}

          <Field id="code" label="Code" error={errors.code} hint="3–32 letters, numbers, - or _. Not case-sensitive; shown in capitals.">
            {(p) => (
              <div className="flex gap-2">
                <Input
                  {...p}
                  name="code"
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={40}
                  placeholder="SPRING20"
                  className="font-mono tracking-wide uppercase placeholder:normal-case"
                />
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
              <div className="grid grid-cols-2 gap-1 rounded-lg bg-surface-sunken p-1 text-sm sm:w-fit">
                {(["percent", "rule"] as const).map((m) => (
                  <label
                    key={m}
                    className={cn(
                      "cursor-pointer rounded-md px-3 py-1.5 text-center font-medium transition-colors has-focus-visible:outline-2 has-focus-visible:outline-focus",
                      mode === m ? "bg-surface text-fg shadow-card" : "text-fg-muted hover:text-fg",
                    )}
                  >
                    <input type="radio" name="modeChoice" value={m} checked={mode === m} onChange={() => setMode(m)} className="sr-only" />
                    {m === "percent" ? "New percentage" : "Reuse a rule"}
                  </label>
                ))}
              </div>
            ) : null}
            {mode === "percent" ? (
              <Field id="discount" label={<span className="sr-only">Percentage off</span>} error={errors.discount} hint={`Off every ${brandName} product in the shopper's cart.`}>
                {(p) => (
                  <div className="flex flex-wrap items-center gap-2">
                    <div className="relative w-32">
                      <Input
                        {...p}
                        name="discount"
                        inputMode="numeric"
                        value={discount}
                        onChange={(e) => setDiscount(e.target.value.replace(/[^\d]/g, "").slice(0, 3))}
                        placeholder="15"
                        className="pr-8 tabular"
                      />
                      <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-fg-subtle" aria-hidden="true">
                        %
                      </span>
                    </div>
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
              <Field id="ruleId" label={<span className="sr-only">Rule</span>} error={errors.ruleId} hint="A rule can serve many campaigns.">
                {(p) => (
                  <Select {...p} name="ruleId" value={ruleId} onChange={(e) => setRuleId(e.target.value)} className="sm:max-w-xs">
                    {rules.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.percent}% off everything — used by {r.codes} {r.codes === 1 ? "code" : "codes"}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            )}
          </fieldset>

          <div className="grid gap-6 sm:grid-cols-2">
            <Field id="validFrom" label="Starts" optional error={errors.validFrom} hint="Leave empty to start right away.">
              {(p) => <Input {...p} type="datetime-local" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />}
            </Field>
            <Field id="validUntil" label="Ends" error={errors.validUntil} hint="Your local time. The code stops working at this moment.">
              {(p) => (
                <div className="flex flex-col gap-2">
                  <Input {...p} type="datetime-local" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} />
                  <div className="flex flex-wrap gap-1.5" role="group" aria-label="Quick end dates">
                    {quickEnds.map((q) => (
                      <Chip key={q.days} onClick={() => setValidUntil(endOfDayIn(q.days))}>
                        In {q.label}
                      </Chip>
                    ))}
                  </div>
                </div>
              )}
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
              {percent ? <Badge tone="accent">{percent}% off</Badge> : null}
            </div>
            <p className="mt-3 text-sm text-fg">
              {percent ? `${percent}%` : "A percentage"} off every {brandName} product.
            </p>
            <p className="mt-1 text-sm text-fg-muted">
              {validUntil
                ? `${validFrom ? `From ${formatDate(new Date(validFrom), { time: true })} until` : "Until"} ${formatDate(new Date(validUntil), { time: true })}.`
                : "Pick an end date."}
            </p>
          </div>
        </Card>
        <p className="px-1 text-sm text-fg-muted">
          When you create it, every shopper who opted in is emailed the code and its terms. Each shopper can use it once; you&apos;ll see
          every redemption on the code&apos;s page.
        </p>
      </aside>
    </form>
  );
}
