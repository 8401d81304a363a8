"use client";

// The held code's countdown on the checkout: seconds left on this device's deadline, ticking once a
// second, and one spoken warning a minute before the hold runs out.
import { useEffect, useRef, useState } from "react";
import type { AppliedDiscount } from "@/components/shop/cart-store";
import { countdownWords, secondsLeft } from "@/lib/cart/countdown";

/** Seconds left until `endsAt` (ms since the epoch), ticking once a second; 0 once it passed; null without one. */
function useSecondsLeft(endsAt: number | null | undefined): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!endsAt) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0); // at once: `now` may be from long before this hold
    const t = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, [endsAt]);
  return endsAt ? secondsLeft(new Date(endsAt), now) : null;
}

/**
 * The applied code's hold: `left` seconds (null without a hold) and whether it `expired`.
 * `announce` is told once when a minute or less is left.
 */
export function useHoldCountdown(applied: AppliedDiscount | null, announce: (text: string) => void): { left: number | null; expired: boolean } {
  const left = useSecondsLeft(applied?.holdEndsAt ?? (applied?.expiresAt ? Date.parse(applied.expiresAt) : null));
  const warned = useRef(false);
  const code = applied?.code;
  useEffect(() => {
    if (left === null || left > 60) warned.current = false;
    else if (left > 0 && !warned.current) {
      warned.current = true;
      announce(`${countdownWords(left)} left to place your order with ${code}.`);
    }
  }, [left, code, announce]);
  return { left, expired: left === 0 };
}
