// / — what the product is, a live code of the marketplace (real status and uses), the way in for
// brands and shoppers, and (on demo data) the accounts to try it with.
import Link from "next/link";
import { connection } from "next/server";
import { BellIcon, BoltIcon, CodeIcon, LockIcon, TagIcon } from "@/components/icons";
import { StatusBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { formatDate } from "@/lib/cart/format";
import { ruleInWords } from "@/lib/cart/rule-words";
import { getDeps } from "@/lib/deps";
import { featuredCode } from "@/lib/discounts/featured-code";
import { env } from "@/lib/env";

type FeaturedCode = NonNullable<Awaited<ReturnType<typeof featuredCode>>>;

const features = [
  {
    icon: LockIcon,
    title: "Exactly once, under load",
    body: "Every redemption is claimed atomically in the usage ledger and backed by a durable record. However many requests race, one wins.",
  },
  {
    icon: TagIcon,
    title: "Codes by brands, for their products",
    body: "A percentage off everything a brand sells, a validity window, a human-readable code. Created in the dashboard or over the REST API.",
  },
  {
    icon: BellIcon,
    title: "Notifications built in",
    body: "Shoppers hear about new codes, brands hear about every use — sent in the background, retried, never twice.",
  },
  {
    icon: CodeIcon,
    title: "A widget for any storefront",
    body: "One script tag adds the discount field to a checkout on another site. About 6 KB gzipped, no framework, accessible.",
  },
];

const steps = [
  { n: "1", title: "A brand creates a code", body: "SPRINGSALE2026 · 15 % off · until 30 June — in the dashboard or with one API call." },
  { n: "2", title: "Shoppers are told", body: "Everyone who hasn't opted out gets an email with the code and its terms." },
  { n: "3", title: "Applied once at checkout", body: "Only the brand's items are discounted; the brand hears about every use." },
];

const demo = [
  { email: "brand@example.com", who: "Admin of Acme Outfitters", href: "/dashboard", cta: "Open the dashboard" },
  { email: "shopper@example.com", who: "A shopper", href: "/shop", cta: "Go shopping" },
];

export default async function Home() {
  await connection();
  const showDemo = !env.DATABASE_URL || env.SEED_DEMO;
  const { db, clock } = await getDeps();
  const code = await featuredCode(db, clock());
  return (
    <main id="main">
      <section className="relative overflow-hidden border-b border-line bg-surface">
        <div className="pointer-events-none absolute inset-0 bg-[radial-gradient(60rem_30rem_at_85%_-10%,var(--color-accent-soft),transparent)]" aria-hidden="true" />
        <div className="relative mx-auto grid max-w-6xl gap-12 px-4 py-16 sm:px-6 sm:py-24 lg:grid-cols-[1.15fr_1fr] lg:items-center">
          <header className="flex flex-col gap-6">
            <p className="text-sm font-semibold tracking-wide text-accent-ink uppercase">Discounts for marketplaces</p>
            <h1 className="text-4xl font-semibold tracking-tight text-balance text-fg sm:text-5xl">
              Discount codes your brands create, your shoppers redeem once, and everyone hears about.
            </h1>
            <p className="max-w-2xl text-lg text-pretty text-fg-muted">
              Brands launch codes like{" "}
              <code className="rounded-md border border-dashed border-brand-300 bg-accent-soft px-1.5 py-0.5 font-mono text-base text-accent-ink dark:border-brand-500/50">
                SPRINGSALE2026
              </code>{" "}
              with a rule and a validity period. Shoppers apply them at checkout — in our widget or any storefront through the same API.
            </p>
            <nav className="flex flex-wrap gap-3" aria-label="Get started">
              <ButtonLink href="/dashboard" size="lg">
                Brand dashboard
              </ButtonLink>
              <ButtonLink href="/shop" size="lg" variant="secondary">
                Demo shop
              </ButtonLink>
              <ButtonLink href="/docs/api" size="lg" variant="ghost">
                API docs
              </ButtonLink>
            </nav>
          </header>
          {code ? <HeroVisual code={code} /> : null}
        </div>
      </section>

      <section aria-labelledby="how" className="mx-auto max-w-6xl px-4 py-16 sm:px-6">
        <h2 id="how" className="text-2xl font-semibold tracking-tight text-fg">
          How it works
        </h2>
        <ol className="mt-8 grid gap-6 md:grid-cols-3">
          {steps.map((s) => (
            <li key={s.n} className="flex gap-4">
              <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-accent text-sm font-semibold text-accent-fg" aria-hidden="true">
                {s.n}
              </span>
              <div>
                <h3 className="font-semibold text-fg">{s.title}</h3>
                <p className="mt-1 text-sm text-fg-muted">{s.body}</p>
              </div>
            </li>
          ))}
        </ol>
      </section>

      <section aria-label="Features" className="mx-auto grid max-w-6xl gap-4 px-4 pb-16 sm:grid-cols-2 sm:px-6 lg:grid-cols-4">
        {features.map((f) => (
          <div key={f.title} className="rounded-xl border border-line bg-surface p-5 shadow-card">
            <f.icon className="size-6 text-accent-ink" />
            <h2 className="mt-4 font-semibold text-fg">{f.title}</h2>
            <p className="mt-2 text-sm text-fg-muted">{f.body}</p>
          </div>
        ))}
      </section>

      {showDemo ? (
        <section aria-labelledby="demo" className="mx-auto max-w-6xl px-4 pb-20 sm:px-6">
          <div className="rounded-2xl border border-line bg-surface p-6 shadow-card sm:p-8">
            <div className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
              <div>
                <h2 id="demo" className="text-xl font-semibold tracking-tight text-fg">
                  Try it with the demo accounts
                </h2>
                <p className="mt-1 text-sm text-fg-muted">
                  Every demo account uses the password <code className="font-mono text-fg">demo1234</code>. Emails land in the{" "}
                  <Link href="/dev/mailbox" className="font-medium text-accent-ink underline-offset-2 hover:underline">
                    local mailbox
                  </Link>
                  .
                </p>
              </div>
            </div>
            <ul className="mt-6 grid gap-4 md:grid-cols-2">
              {demo.map((d) => (
                <li key={d.email} className="flex flex-col gap-3 rounded-xl border border-line bg-surface-muted p-4 sm:flex-row sm:items-center sm:justify-between">
                  <div className="min-w-0">
                    <p className="truncate font-mono text-sm text-fg">{d.email}</p>
                    <p className="text-sm text-fg-muted">{d.who}</p>
                  </div>
                  <ButtonLink href={d.href} variant="secondary" size="sm">
                    {d.cta}
                  </ButtonLink>
                </li>
              ))}
            </ul>
          </div>
        </section>
      ) : null}
    </main>
  );
}

/** A live code of the marketplace as its brand sees it: real status and uses (lib/discounts/featured-code). */
function HeroVisual({ code }: { code: FeaturedCode }) {
  return (
    <figure className="relative mx-auto w-full max-w-md" data-testid="hero-code">
      <div className="rounded-2xl border border-line bg-surface p-5 shadow-pop">
        <div className="flex items-center justify-between gap-3">
          <span className="truncate text-xs font-medium text-fg-muted">{code.brand.name} · Discount codes</span>
          <span data-testid="hero-code-status">
            <StatusBadge status={code.status} />
          </span>
        </div>
        <p className="mt-3 font-mono text-2xl font-semibold tracking-wide break-all text-fg" data-testid="hero-code-name">
          {code.code}
        </p>
        <p className="mt-1 text-sm text-fg-muted">
          {ruleInWords(code.rule, { brandName: code.brand.name })} Ends {formatDate(code.validUntil, { timeZone: "UTC" })}.
        </p>
        <div className="mt-5 flex items-baseline justify-between border-t border-line pt-3 text-xs text-fg-subtle">
          <span>Redemptions so far</span>
          <span className="text-base font-semibold text-fg tabular" data-testid="hero-code-uses">
            {code.redemptions}
          </span>
        </div>
      </div>
      <figcaption className="mt-3 flex items-center gap-2 text-sm text-fg-muted">
        <BoltIcon className="size-4 text-emerald-600" />
        Live on this marketplace now — try it at checkout.
      </figcaption>
    </figure>
  );
}
