// The sign-in, sign-up and sign-out pages: one centred card under the product's name.
import Link from "next/link";

export default function AuthLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-8 px-6 py-16">
      <Link
        href="/"
        className="self-start text-sm font-semibold tracking-wide text-brand-600 uppercase hover:text-brand-700 dark:text-brand-100"
      >
        Discounts
      </Link>
      <div className="rounded-xl border border-zinc-200 p-6 shadow-sm sm:p-8 dark:border-zinc-800">{children}</div>
    </main>
  );
}
