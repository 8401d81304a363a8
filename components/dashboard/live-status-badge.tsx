"use client";

import { useEffect, useState } from "react";
import { StatusBadge, type CodeStatus } from "@/components/ui/badge";
import { codeStatus } from "@/lib/discounts/status";

const MAX_TIMEOUT = 2 ** 31 - 1;

/**
 * A code's status that stays true while the page is open: it flips from scheduled to active to
 * expired at the code's own start and end, without a reload. Exhausted and deactivated come from
 * the server and stay until the window ends (then the code shows expired).
 */
export function LiveStatusBadge({ validFrom, validUntil, initial }: { validFrom: string; validUntil: string; initial: CodeStatus }) {
  const [status, setStatus] = useState<CodeStatus>(initial);
  // A new status from the server (e.g. deactivated, after a refresh) replaces the one shown.
  const [shownInitial, setShownInitial] = useState(initial);
  if (shownInitial !== initial) {
    setShownInitial(initial);
    setStatus(initial);
  }
  useEffect(() => {
    const window = { validFrom: new Date(validFrom), validUntil: new Date(validUntil) };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      const now = Date.now();
      const next = [window.validFrom.getTime(), window.validUntil.getTime()].filter((t) => t > now);
      if (next.length === 0) return;
      timer = setTimeout(() => {
        const w = codeStatus(window, new Date());
        setStatus((s) => (w === "active" && (s === "exhausted" || s === "deactivated") ? s : w));
        schedule();
      }, Math.min(Math.min(...next) - now + 50, MAX_TIMEOUT));
    };
    schedule();
    return () => clearTimeout(timer);
  }, [validFrom, validUntil]);
  return <StatusBadge status={status} />;
}
