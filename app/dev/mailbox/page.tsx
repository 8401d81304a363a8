// /dev/mailbox — the local mailbox of the embedded default: the signed-in user's own email (a
// brand's admin: also their brand's other admins'), rendered. Anonymous visitors are sent to sign
// in; 404 wherever the mailbox is off (Resend, or DATABASE_URL without MAILBOX_ENABLED=1).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import { Badge, ButtonLink, Card, EmptyState, Input, PageHeader, cn } from "@/components/ui";
import { getViewer } from "@/components/session";
import { signInPath } from "@/lib/auth/page-access";
import { formatDate } from "@/lib/cart/format";
import { getDeps } from "@/lib/deps";
import { env } from "@/lib/env";
import { getMailboxMessage, listMailbox, mailboxEnabled, mailboxRecipientsFor } from "@/lib/mail/mailbox";
import { EmailFrame } from "./email-frame";

export const metadata: Metadata = { title: "Local mailbox", robots: { index: false } };

/** "30 Nov 2026, 14:15 UTC": the app's date format, as the emails show it. */
const sent = (d: Date) => `${formatDate(d, { time: true, timeZone: "UTC" })} UTC`;

function one(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.trim() ? s.trim() : undefined;
}

export default async function MailboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  if (!mailboxEnabled(env)) notFound();
  const params = await searchParams;
  const viewer = await getViewer();
  if (!viewer) {
    const back = new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
    redirect(signInPath(`/dev/mailbox${back.size ? `?${back}` : ""}`));
  }
  const to = one(params.to)?.toLowerCase();
  const { db } = await getDeps();
  const recipients = await mailboxRecipientsFor(db, viewer);
  const messages = await listMailbox(db, { to, limit: 100, recipients });
  const selectedId = one(params.id) ?? messages[0]?.id;
  const selected = selectedId ? await getMailboxMessage(db, { id: selectedId, recipients }) : null;
  const href = (id: string) => `/dev/mailbox?${new URLSearchParams({ ...(to ? { to } : {}), id })}`;

  return (
    <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <PageHeader
        eyebrow="Embedded default"
        title="Local mailbox"
        description={
          <>
            The email the app sent to you{recipients.length > 1 ? " and your brand's admins" : ""}, kept in the database instead of
            going out. Set <code className="font-mono">RESEND_API_KEY</code> to send real email through Resend; this page then
            disappears. As JSON: <code className="font-mono">GET /api/v1/dev/mailbox</code>
          </>
        }
      />
      <form method="get" action="/dev/mailbox" className="mt-6 flex max-w-xl items-center gap-2" role="search">
        <label htmlFor="mailbox-to" className="sr-only">
          Recipient
        </label>
        <Input id="mailbox-to" name="to" type="search" defaultValue={to ?? ""} placeholder={`Filter by recipient, e.g. ${viewer.email}`} />
        <button type="submit" className="h-10 rounded-lg border border-line-strong bg-surface px-4 text-sm font-medium text-fg shadow-card hover:bg-surface-sunken">
          Filter
        </button>
        {to ? (
          <ButtonLink href="/dev/mailbox" variant="ghost">
            Clear
          </ButtonLink>
        ) : null}
      </form>

      {messages.length === 0 ? (
        <Card className="mt-6">
          <EmptyState title={to ? `No email to ${to} yet` : "No email yet"}>
            Create a discount code in the dashboard: every shopper who wants new codes gets an announcement here within
            seconds. Redeem a code at checkout and the brand&apos;s admins get a notice.
          </EmptyState>
        </Card>
      ) : (
        <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
          <Card className="overflow-hidden">
            <h2 className="sr-only">Messages</h2>
            <ul className="max-h-[70vh] divide-y divide-line overflow-y-auto">
              {messages.map((m) => (
                <li key={m.id}>
                  <Link
                    href={href(m.id)}
                    aria-current={m.id === selected?.id ? "true" : undefined}
                    className={cn(
                      "block px-4 py-3 text-sm hover:bg-surface-sunken focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-focus",
                      m.id === selected?.id && "bg-accent-soft",
                    )}
                  >
                    <span className="block truncate font-medium text-fg">{m.subject}</span>
                    <span className="mt-0.5 block truncate text-fg-muted">To {m.to}</span>
                    <span className="mt-0.5 block text-xs text-fg-subtle">{sent(m.createdAt)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </Card>

          {selected ? (
            <Card className="overflow-hidden">
              <div className="border-b border-line px-5 py-4">
                <h2 className="text-base font-semibold text-fg">{selected.subject}</h2>
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                  <dt className="text-fg-muted">From</dt>
                  <dd className="truncate text-fg">{selected.from}</dd>
                  <dt className="text-fg-muted">To</dt>
                  <dd className="truncate text-fg">{selected.to}</dd>
                  <dt className="text-fg-muted">Sent</dt>
                  <dd className="text-fg">{sent(selected.createdAt)}</dd>
                </dl>
                {Object.keys(selected.headers).length > 0 ? (
                  <div className="mt-3 flex flex-wrap gap-2">
                    {Object.keys(selected.headers).map((h) => (
                      <Badge key={h} tone="info">
                        {h}
                      </Badge>
                    ))}
                  </div>
                ) : null}
              </div>
              <EmailFrame title={`Email: ${selected.subject}`} html={selected.html} />
              <details className="border-t border-line px-5 py-3 text-sm">
                <summary className="cursor-pointer font-medium text-fg">Plain-text version and headers</summary>
                <pre className="mt-3 overflow-x-auto font-mono text-xs whitespace-pre-wrap text-fg-muted">{selected.text}</pre>
                {Object.entries(selected.headers).map(([k, v]) => (
                  <p key={k} className="mt-2 font-mono text-xs break-all text-fg-muted">
                    {k}: {v}
                  </p>
                ))}
              </details>
            </Card>
          ) : (
            <Card>
              <EmptyState title="Message not found">It may belong to another filter.</EmptyState>
            </Card>
          )}
        </div>
      )}
    </main>
  );
}
