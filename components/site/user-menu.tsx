"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { signOutAction } from "./sign-out-action";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";

export interface MenuLink {
  href: string;
  label: string;
}

/** The signed-in user's menu (a disclosure: a button that shows a list of links and sign-out). */
export function UserMenu({
  name,
  email,
  role,
  links,
}: {
  name: string;
  email: string;
  role: "shopper" | "brand";
  links: MenuLink[];
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
  const initials = name
    .split(/\s+/)
    .map((w) => w[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <div ref={ref} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="flex h-9 items-center gap-2 rounded-lg pr-2 pl-1 text-sm font-medium text-fg hover:bg-surface-sunken focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
      >
        <span className="flex size-7 items-center justify-center rounded-full bg-accent-soft text-xs font-semibold text-accent-ink" aria-hidden="true">
          {initials || "?"}
        </span>
        <span className="hidden max-w-[10rem] truncate sm:inline">{name}</span>
        <span className="sr-only sm:hidden">Account menu for {name}</span>
        <svg viewBox="0 0 20 20" fill="currentColor" className={cn("size-4 text-fg-subtle transition-transform", open && "rotate-180")} aria-hidden="true">
          <path fillRule="evenodd" d="M5.23 7.21a.75.75 0 011.06.02L10 11.06l3.71-3.83a.75.75 0 111.08 1.04l-4.25 4.39a.75.75 0 01-1.08 0L5.21 8.27a.75.75 0 01.02-1.06z" clipRule="evenodd" />
        </svg>
      </button>
      <div
        id={panelId}
        hidden={!open}
        className="absolute right-0 z-50 mt-2 w-64 origin-top-right rounded-xl border border-line bg-surface p-1.5 shadow-pop"
      >
        <div className="border-b border-line px-3 pt-2 pb-3">
          <p className="truncate text-sm font-medium text-fg">{name}</p>
          <p className="truncate text-xs text-fg-muted">{email}</p>
          <Badge tone={role === "brand" ? "accent" : "neutral"} className="mt-2">
            {role === "brand" ? "Brand admin" : "Shopper"}
          </Badge>
        </div>
        <ul className="py-1">
          {links.map((l) => (
            <li key={l.href}>
              <Link
                href={l.href}
                onClick={() => setOpen(false)}
                className="block rounded-md px-3 py-2 text-sm text-fg hover:bg-surface-sunken focus-visible:outline-2 focus-visible:outline-focus"
              >
                {l.label}
              </Link>
            </li>
          ))}
        </ul>
        <form action={signOutAction} className="border-t border-line pt-1">
          <button
            type="submit"
            className="block w-full rounded-md px-3 py-2 text-left text-sm text-fg hover:bg-surface-sunken focus-visible:outline-2 focus-visible:outline-focus"
          >
            Sign out
          </button>
        </form>
      </div>
    </div>
  );
}
