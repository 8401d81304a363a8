import Link from "next/link";

const features = [
  {
    title: "Exactly once, under load",
    body: "Every redemption is claimed atomically in the usage ledger and backed by a durable record. However many requests race, one wins.",
  },
  {
    title: "Codes by brands, for their products",
    body: "A percentage off everything a brand sells, a validity window, a human-readable code. Created in the dashboard or over the REST API.",
  },
  {
    title: "Notifications built in",
    body: "Shoppers hear about new codes, brands hear about every use — sent in the background, retried, never twice.",
  },
];

export default function Home() {
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-16 px-6 py-16 sm:py-24">
      <header className="flex flex-col gap-6">
        <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase dark:text-brand-100">
          Discounts for marketplaces
        </p>
        <h1 className="max-w-3xl text-4xl font-bold tracking-tight sm:text-5xl">
          Discount codes your brands create, your shoppers redeem once, and everyone hears about.
        </h1>
        <p className="max-w-2xl text-lg text-zinc-600 dark:text-zinc-400">
          Brands launch codes like <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-base dark:bg-zinc-800">SPRINGSALE2026</code>{" "}
          with a rule and a validity period. Shoppers apply them at checkout — in our widget or any
          storefront through the same API.
        </p>
        <nav className="flex flex-wrap gap-3" aria-label="Get started">
          <Link
            href="/dashboard"
            className="rounded-lg bg-brand-600 px-4 py-2.5 font-medium text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            Brand dashboard
          </Link>
          <Link
            href="/shop"
            className="rounded-lg border border-zinc-300 px-4 py-2.5 font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
          >
            Demo shop
          </Link>
          <Link
            href="/docs/api"
            className="rounded-lg border border-zinc-300 px-4 py-2.5 font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
          >
            API docs
          </Link>
        </nav>
      </header>
      <section className="grid gap-6 sm:grid-cols-3" aria-label="Features">
        {features.map((f) => (
          <div key={f.title} className="rounded-xl border border-zinc-200 p-5 dark:border-zinc-800">
            <h2 className="font-semibold">{f.title}</h2>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{f.body}</p>
          </div>
        ))}
      </section>
    </main>
  );
}
