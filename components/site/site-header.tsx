// The header on every page: the product's mark, the main sections, the cart, and who is signed in.
import Link from "next/link";
import { Logo } from "@/components/icons";
import { getViewer } from "@/components/session";
import { CartButton } from "@/components/shop/cart-button";
import { ButtonLink } from "@/components/ui/button";
import { MobileNav } from "./mobile-nav";
import { NavLinks, type NavItem } from "./nav-links";
import { UserMenu } from "./user-menu";

export async function SiteHeader() {
  const viewer = await getViewer();
  const items: NavItem[] = [
    { href: "/shop", label: "Shop" },
    ...(viewer?.role === "shopper" ? [] : [{ href: "/dashboard", label: "Dashboard" }]),
    { href: "/docs/api", label: "API" },
  ];
  const menu = [
    ...(viewer?.role === "brand" ? [{ href: "/dashboard", label: "Discount codes" }, { href: "/dashboard/tokens", label: "API tokens" }] : []),
    ...(viewer?.role === "shopper" ? [{ href: "/checkout", label: "Cart & checkout" }] : []),
    { href: "/account", label: "Account settings" },
  ];
  return (
    <header className="sticky top-0 z-40 border-b border-line bg-surface/90 backdrop-blur supports-[backdrop-filter]:bg-surface/75">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:gap-6 sm:px-6">
        <Link
          href="/"
          className="flex items-center gap-2 rounded-md text-[0.95rem] font-semibold tracking-tight text-fg focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-focus"
        >
          <Logo className="size-7" />
          Discounts
        </Link>
        <nav aria-label="Main" className="hidden md:block">
          <NavLinks items={items} className="flex items-center gap-1" />
        </nav>
        <div className="ml-auto flex items-center gap-1.5 sm:gap-2">
          <CartButton />
          {viewer ? (
            <UserMenu name={viewer.name} email={viewer.email} role={viewer.role} links={menu} />
          ) : (
            <ButtonLink href="/sign-in" variant="secondary" size="sm">
              Sign in
            </ButtonLink>
          )}
          <MobileNav items={items} />
        </div>
      </div>
    </header>
  );
}
