// The sign-in, sign-up and sign-out pages: one centred card under the site header.
export default function AuthLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <main id="main" className="mx-auto flex w-full max-w-md flex-col justify-center px-4 py-12 sm:px-6 sm:py-16">
      <div className="rounded-xl border border-line bg-surface p-6 shadow-card sm:p-8">{children}</div>
    </main>
  );
}
