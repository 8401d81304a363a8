import type { ComponentProps } from "react";
import { cn } from "./cn";

export const controlClasses =
  "block w-full rounded-lg border border-line-strong bg-surface px-3 text-sm text-fg shadow-card " +
  "placeholder:text-fg-subtle transition-colors " +
  "focus:border-accent focus:outline-2 focus:-outline-offset-1 focus:outline-accent " +
  "disabled:cursor-not-allowed disabled:bg-surface-sunken disabled:text-fg-subtle " +
  "aria-invalid:border-red-500 aria-invalid:focus:outline-red-500";

export function Input({ className, ...rest }: ComponentProps<"input">) {
  return <input className={cn(controlClasses, "h-10", className)} {...rest} />;
}

export function Select({ className, children, ...rest }: ComponentProps<"select">) {
  return (
    <select className={cn(controlClasses, "h-10 appearance-none bg-[length:1rem] bg-[right_0.6rem_center] bg-no-repeat pr-9", className)}
      style={{ backgroundImage: "url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 20 20' fill='%2371717a'%3E%3Cpath fill-rule='evenodd' d='M5.23 7.21a.75.75 0 011.06.02L10 11.06l3.71-3.83a.75.75 0 111.08 1.04l-4.25 4.39a.75.75 0 01-1.08 0L5.21 8.27a.75.75 0 01.02-1.06z' clip-rule='evenodd'/%3E%3C/svg%3E\")" }}
      {...rest}
    >
      {children}
    </select>
  );
}
