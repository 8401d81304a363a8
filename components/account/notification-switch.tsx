"use client";

import { useOptimistic, useTransition } from "react";
import { cn } from "@/components/ui/cn";
import { useToast } from "@/components/ui/toast";

/** An on/off switch (role="switch") for "email me new codes"; saves at once, optimistically. */
export function NotificationSwitch({
  enabled,
  save,
  labelId,
  descriptionId,
}: {
  enabled: boolean;
  save: (enabled: boolean) => Promise<{ ok: boolean; enabled: boolean }>;
  labelId: string;
  descriptionId: string;
}) {
  const [optimistic, setOptimistic] = useOptimistic(enabled);
  const [pending, startTransition] = useTransition();
  const toast = useToast();
  return (
    <button
      type="button"
      role="switch"
      aria-checked={optimistic}
      aria-labelledby={labelId}
      aria-describedby={descriptionId}
      aria-busy={pending || undefined}
      onClick={() =>
        startTransition(async () => {
          const next = !optimistic;
          setOptimistic(next);
          const r = await save(next);
          toast(
            r.ok
              ? { tone: "success", title: r.enabled ? "You’ll get new codes by email" : "Code announcements turned off" }
              : { tone: "error", title: "Couldn’t save that — please try again" },
          );
        })
      }
      className={cn(
        "relative inline-flex h-6 w-11 shrink-0 cursor-pointer items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus",
        optimistic ? "bg-accent" : "bg-zinc-300 dark:bg-zinc-600",
      )}
    >
      <span
        aria-hidden="true"
        className={cn("inline-block size-5 rounded-full bg-white shadow transition-transform", optimistic ? "translate-x-5.5" : "translate-x-0.5")}
      />
    </button>
  );
}
