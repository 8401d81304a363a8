"use client";

import { useEffect, useState } from "react";
import { buttonClasses, type ButtonSize, type ButtonVariant } from "./button";
import { cn } from "./cn";

/** Copies `value` to the clipboard and says so (visibly and to screen readers) for two seconds. */
export function CopyButton({
  value,
  label = "Copy",
  variant = "ghost",
  size = "sm",
  showLabel = false,
  className,
}: {
  value: string;
  /** Accessible name, e.g. "Copy code WELCOME10". */
  label?: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
  showLabel?: boolean;
  className?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(t);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      // Clipboard API unavailable (insecure origin): fall back to a hidden textarea.
      const ta = document.createElement("textarea");
      ta.value = value;
      ta.setAttribute("readonly", "");
      ta.style.position = "fixed";
      ta.style.opacity = "0";
      document.body.appendChild(ta);
      ta.select();
      const ok = document.execCommand("copy");
      ta.remove();
      setState(ok ? "copied" : "failed");
    }
  }

  return (
    <button
      type="button"
      onClick={copy}
      className={cn(buttonClasses({ variant, size: showLabel ? size : size === "sm" ? "icon" : "icon-md" }), className)}
      aria-label={showLabel ? undefined : label}
      title={showLabel ? undefined : label}
    >
      {state === "copied" ? (
        <svg viewBox="0 0 20 20" fill="currentColor" className="size-4 text-emerald-600 dark:text-emerald-400" aria-hidden="true">
          <path fillRule="evenodd" d="M16.7 5.3a1 1 0 010 1.4l-8 8a1 1 0 01-1.4 0l-4-4a1 1 0 011.4-1.4l3.3 3.29 7.3-7.3a1 1 0 011.4 0z" clipRule="evenodd" />
        </svg>
      ) : (
        <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" className="size-4" aria-hidden="true">
          <rect x="7" y="7" width="10" height="10" rx="2" />
          <path d="M13 7V5a2 2 0 00-2-2H5a2 2 0 00-2 2v6a2 2 0 002 2h2" />
        </svg>
      )}
      {showLabel ? <span>{state === "copied" ? "Copied" : label}</span> : null}
      <span className="sr-only" role="status" aria-live="polite">
        {state === "copied" ? "Copied to clipboard" : state === "failed" ? "Could not copy" : ""}
      </span>
    </button>
  );
}
