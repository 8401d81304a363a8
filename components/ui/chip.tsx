import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A small pill button for quick picks ("20%", "In 30 days"); `pressed` marks the current one. */
export function Chip({ pressed, className, type = "button", ...rest }: ComponentProps<"button"> & { pressed?: boolean }) {
  return (
    <button
      type={type}
      aria-pressed={pressed}
      className={cn(
        "inline-flex h-7 items-center rounded-full border px-2.5 text-xs font-medium whitespace-nowrap transition-colors tabular",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus",
        pressed
          ? "border-accent bg-accent-soft text-accent-ink"
          : "border-line-strong bg-surface text-fg-muted hover:border-fg-subtle hover:text-fg",
        className,
      )}
      {...rest}
    />
  );
}
