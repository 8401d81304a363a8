import type { ReactNode } from "react";
import { cn } from "./cn";

/** One key number with its label and an optional note, as on a dashboard's summary row. */
export function Stat({ label, value, note, className }: { label: string; value: ReactNode; note?: ReactNode; className?: string }) {
  return (
    <div className={cn("rounded-xl border border-line bg-surface px-4 py-3.5 shadow-card sm:px-5 sm:py-4", className)}>
      <dt className="text-[0.8125rem] font-medium text-fg-muted sm:text-sm">{label}</dt>
      <dd className="mt-1.5 text-xl font-semibold tracking-tight text-fg tabular sm:text-2xl">{value}</dd>
      {note ? <dd className="mt-1 text-xs text-fg-subtle">{note}</dd> : null}
    </div>
  );
}
