import type { ReactNode } from "react";
import { cn } from "./cn";

/** What an empty list says: what goes here, and the one thing to do first. */
export function EmptyState({
  icon,
  title,
  children,
  action,
  compact,
  className,
}: {
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  /** Less vertical space, for an empty state inside a card section. */
  compact?: boolean;
  className?: string;
}) {
  return (
    <div className={cn("flex flex-col items-center px-6 text-center", compact ? "py-10" : "py-14", className)}>
      {icon ? (
        <div className="mb-4 flex size-12 items-center justify-center rounded-xl bg-accent-soft text-accent-ink ring-1 ring-brand-600/10" aria-hidden="true">
          {icon}
        </div>
      ) : null}
      <h3 className="text-base font-semibold text-fg">{title}</h3>
      {children ? <div className="mt-1.5 max-w-md text-sm text-fg-muted">{children}</div> : null}
      {action ? <div className="mt-5 flex flex-wrap justify-center gap-3">{action}</div> : null}
    </div>
  );
}
