import type { ReactNode } from "react";
import { cn } from "./cn";

export type BadgeTone = "neutral" | "accent" | "success" | "warning" | "danger" | "info";

const tones: Record<BadgeTone, string> = {
  neutral: "bg-zinc-100 text-zinc-700 ring-zinc-500/15 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-400/20",
  accent: "bg-brand-50 text-brand-700 ring-brand-600/15 dark:bg-brand-500/15 dark:text-brand-200 dark:ring-brand-400/25",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/25",
  warning: "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/25",
  danger: "bg-red-50 text-red-700 ring-red-600/15 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/25",
  info: "bg-sky-50 text-sky-800 ring-sky-600/20 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-400/25",
};

const dots: Record<BadgeTone, string> = {
  neutral: "bg-zinc-400",
  accent: "bg-brand-500",
  success: "bg-emerald-500",
  warning: "bg-amber-500",
  danger: "bg-red-500",
  info: "bg-sky-500",
};

export function Badge({
  tone = "neutral",
  dot,
  className,
  children,
}: {
  tone?: BadgeTone;
  dot?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        tones[tone],
        className,
      )}
    >
      {dot ? <span className={cn("size-1.5 rounded-full", dots[tone])} aria-hidden="true" /> : null}
      {children}
    </span>
  );
}

export type CodeStatus = "scheduled" | "active" | "expired" | "exhausted" | "deactivated";

const statusTone: Record<CodeStatus, BadgeTone> = { scheduled: "info", active: "success", expired: "neutral", exhausted: "warning", deactivated: "danger" };
const statusLabel: Record<CodeStatus, string> = { scheduled: "Scheduled", active: "Active", expired: "Expired", exhausted: "Exhausted", deactivated: "Deactivated" };

/** A discount code's status: scheduled (not started), active, expired, exhausted (cap reached) or deactivated (ended early). */
export function StatusBadge({ status, className }: { status: CodeStatus; className?: string }) {
  return (
    <Badge tone={statusTone[status]} dot className={className}>
      {statusLabel[status]}
    </Badge>
  );
}
