import type { ReactNode } from "react";
import { cn } from "./cn";

/** One key number with its label and an optional note, as on a dashboard's summary row. */
export function Stat({ label, value, note, className }: { label: string; value: ReactNode; note?: ReactNode; className?: string }) {
  return (
    <div className={cn("rounded-xl border border-line bg-surface px-5 py-4 shadow-card", className)}>
      <dt className="text-sm font-medium text-fg-muted">{label}</dt>
      <dd className="mt-1.5 text-2xl font-semibold tracking-tight text-fg tabular">{value}</dd>
      {note ? <dd className="mt-1 text-xs text-fg-subtle">{note}</dd> : null}
    </div>
  );
}
