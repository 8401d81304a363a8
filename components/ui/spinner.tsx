import { cn } from "./cn";

/** A decorative spinner; pair it with text or aria-busy on the busy element. */
export function Spinner({ className }: { className?: string }) {
  return (
    <svg className={cn("size-4 animate-spin", className)} viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}

/** A grey block that holds a loading element's place, so the page does not jump when it arrives. */
export function Skeleton({ className, round = "rounded-md" }: { className?: string; round?: "rounded-md" | "rounded-lg" | "rounded-full" | "rounded-none" }) {
  return <div className={cn("animate-pulse bg-surface-sunken", round, className)} aria-hidden="true" />;
}
