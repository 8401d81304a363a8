import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A data table in a horizontally scrolling frame, so a wide table never widens the page. */
export function Table({ className, label, ...rest }: ComponentProps<"table"> & { label?: string }) {
  return (
    // `relative`: the table's absolutely positioned content (sr-only labels) scrolls inside this
    // frame too, instead of widening the page.
    <div className="relative overflow-x-auto" role={label ? "region" : undefined} aria-label={label} tabIndex={label ? 0 : undefined}>
      <table className={cn("w-full border-collapse text-left text-sm", className)} {...rest} />
    </div>
  );
}

export function THead({ className, ...rest }: ComponentProps<"thead">) {
  return <thead className={cn("border-b border-line bg-surface-muted text-xs text-fg-muted", className)} {...rest} />;
}

export function TBody({ className, ...rest }: ComponentProps<"tbody">) {
  return <tbody className={cn("divide-y divide-line", className)} {...rest} />;
}

export function TR({ className, ...rest }: ComponentProps<"tr">) {
  return <tr className={cn("transition-colors", className)} {...rest} />;
}

export function TH({ className, ...rest }: ComponentProps<"th">) {
  return <th scope="col" className={cn("px-4 py-2.5 font-medium whitespace-nowrap first:pl-5 last:pr-5", className)} {...rest} />;
}

export function TD({ className, ...rest }: ComponentProps<"td">) {
  return <td className={cn("px-4 py-3 align-middle first:pl-5 last:pr-5", className)} {...rest} />;
}
