"use client";

import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { cn } from "./cn";

export type ToastTone = "success" | "error" | "info";
interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  description?: string;
}

type Notify = (t: Omit<Toast, "id">) => void;
const ToastContext = createContext<Notify>(() => {});

/** `const toast = useToast(); toast({ tone: "success", title: "Code created" })`. */
export function useToast(): Notify {
  return useContext(ToastContext);
}

/**
 * Toasts appear bottom-right and are read out by screen readers: the region is a polite live
 * region that exists from the first render (a live region added later is often not announced).
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const notify = useCallback<Notify>((t) => {
    const id = nextId.current++;
    setToasts((all) => [...all.slice(-2), { ...t, id }]);
  }, []);
  return (
    <ToastContext.Provider value={notify}>
      {children}
      <div
        role="status"
        aria-live="polite"
        className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end sm:p-6"
      >
        {toasts.map((t) => (
          <ToastItem key={t.id} toast={t} onDismiss={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(toast.id), toast.tone === "error" ? 8000 : 5000);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);
  return (
    <div className="pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-xl border border-line bg-surface p-4 shadow-pop">
      <span
        className={cn(
          "mt-0.5 size-2.5 shrink-0 rounded-full",
          toast.tone === "success" && "bg-emerald-500",
          toast.tone === "error" && "bg-red-500",
          toast.tone === "info" && "bg-brand-500",
        )}
        aria-hidden="true"
      />
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium text-fg">{toast.title}</p>
        {toast.description ? <p className="mt-0.5 text-sm text-fg-muted">{toast.description}</p> : null}
      </div>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        className="-m-1 rounded p-1 text-fg-subtle hover:text-fg focus-visible:outline-2 focus-visible:outline-focus"
      >
        <span className="sr-only">Dismiss</span>
        <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
          <path d="M6.28 5.22a.75.75 0 00-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 101.06 1.06L10 11.06l3.72 3.72a.75.75 0 101.06-1.06L11.06 10l3.72-3.72a.75.75 0 00-1.06-1.06L10 8.94 6.28 5.22z" />
        </svg>
      </button>
    </div>
  );
}

/** A visually hidden live region for one-off announcements ("Copied", "3 results"). */
export function LiveRegion({ message, assertive }: { message: string; assertive?: boolean }) {
  return (
    <span className="sr-only" role={assertive ? "alert" : "status"} aria-live={assertive ? "assertive" : "polite"}>
      {message}
    </span>
  );
}
