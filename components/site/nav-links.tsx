"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export interface NavItem {
  href: string;
  label: string;
}

function isActive(pathname: string, href: string) {
  return pathname === href || pathname.startsWith(href + "/");
}

/** Primary navigation links; the current section is marked with aria-current. */
export function NavLinks({ items, className, itemClassName }: { items: NavItem[]; className?: string; itemClassName?: string }) {
  const pathname = usePathname();
  return (
    <ul className={className}>
      {items.map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "rounded-md px-3 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus",
                active ? "bg-surface-sunken text-fg" : "text-fg-muted hover:bg-surface-sunken hover:text-fg",
                itemClassName,
              )}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** Tabs under a section header (the dashboard's Codes / API tokens). */
export function TabLinks({ items, label }: { items: NavItem[]; label: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="-mb-px flex gap-5 overflow-x-auto">
      {items.map((item) => {
        const active = item.href === pathname || (item.href !== items[0]?.href && pathname.startsWith(item.href)) || (item.href === items[0]?.href && pathname.startsWith(item.href + "/codes"));
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "border-b-2 px-0.5 pt-1 pb-3 text-sm font-medium whitespace-nowrap transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus",
              active ? "border-accent text-fg" : "border-transparent text-fg-muted hover:border-line-strong hover:text-fg",
            )}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
