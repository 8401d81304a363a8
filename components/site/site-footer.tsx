import Link from "next/link";
import { Logo } from "@/components/icons";

const links = [
  { href: "/shop", label: "Demo shop" },
  { href: "/dashboard", label: "Brand dashboard" },
  { href: "/docs/api", label: "API reference" },
  { href: "/dev/mailbox", label: "Mailbox (demo)" },
];

export function SiteFooter() {
  return (
    <footer className="mt-auto border-t border-line bg-surface">
      <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-8 text-sm text-fg-muted sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <div className="flex items-center gap-2">
          <Logo className="size-5" />
          <span>Discounts — codes brands create and shoppers redeem once.</span>
        </div>
        <nav aria-label="Footer">
          <ul className="flex flex-wrap gap-x-5 gap-y-2">
            {links.map((l) => (
              <li key={l.href}>
                <Link href={l.href} className="rounded hover:text-fg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus">
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </footer>
  );
}
