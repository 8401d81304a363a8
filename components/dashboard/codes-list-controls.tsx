// The codes list's controls, all links and a GET form so they work without JavaScript and keep
// the whole view in the URL (?q=&status=&sort=&cursor=): a search by code prefix with the sort
// order, status tabs with their counts, and cursor pages. With JavaScript, next/form turns the
// search into a client-side navigation, like the links.
import Form from "next/form";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/components/ui/cn";
import type { CodeListStatus as ListStatus, CodeSort as ListSort } from "@/lib/discounts/schemas";

/** What the list shows; absent fields are the defaults (all statuses, newest first, first page). */
export interface ListView {
  q?: string;
  status?: ListStatus;
  sort?: ListSort;
  cursor?: string;
}

export const SORT_LABELS: Record<ListSort, string> = {
  created_desc: "Newest first",
  created_asc: "Oldest first",
  ends_asc: "Ending soonest",
  ends_desc: "Ending last",
  redemptions_desc: "Most redeemed",
  redemptions_asc: "Least redeemed",
};

const TABS: { status?: ListStatus; label: string }[] = [
  { label: "All" },
  { status: "active", label: "Active" },
  { status: "scheduled", label: "Scheduled" },
  { status: "exhausted", label: "Exhausted" },
  { status: "expired", label: "Expired" },
  { status: "deactivated", label: "Deactivated" },
];

/** The URL of a view of the list: defaults left out, so links stay short and shareable. */
export function listHref(view: ListView): string {
  const p = new URLSearchParams();
  if (view.q) p.set("q", view.q);
  if (view.status) p.set("status", view.status);
  if (view.sort && view.sort !== "created_desc") p.set("sort", view.sort);
  if (view.cursor) p.set("cursor", view.cursor);
  const s = p.toString();
  return s ? `/dashboard?${s}` : "/dashboard";
}

export function CodesSearch({ view, error }: { view: ListView; error?: string }) {
  // Keyed by the view: after back/forward (a client-side navigation) the fields show the URL's
  // values again instead of keeping what was typed last.
  return (
    <Form key={listHref(view)} action="/dashboard" role="search" aria-label="Codes" autoComplete="off" className="flex flex-wrap items-end gap-3 px-5 pt-4">
      {view.status ? <input type="hidden" name="status" value={view.status} /> : null}
      <div className="min-w-0 flex-1 basis-56">
        <Label htmlFor="codes-q">Search codes</Label>
        <Input
          id="codes-q"
          type="search"
          name="q"
          defaultValue={view.q ?? ""}
          placeholder="Start of a code, e.g. SPRING"
          autoComplete="off"
          spellCheck={false}
          maxLength={32}
          className="mt-1 font-mono uppercase placeholder:font-sans placeholder:normal-case"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "codes-q-error" : undefined}
        />
      </div>
      <div className="basis-44">
        <Label htmlFor="codes-sort">Sort by</Label>
        <Select id="codes-sort" name="sort" defaultValue={view.sort ?? "created_desc"} className="mt-1">
          {Object.entries(SORT_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </div>
      <button type="submit" className={buttonClasses({ variant: "secondary" })}>
        Search
      </button>
      {view.q ? (
        <Link href={listHref({ ...view, q: undefined, cursor: undefined })} className={buttonClasses({ variant: "ghost" })}>
          Clear search
        </Link>
      ) : null}
      {error ? (
        <p id="codes-q-error" className="w-full text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </Form>
  );
}

export function StatusTabs({ view, counts }: { view: ListView; counts: Record<ListStatus | "all", number> }) {
  return (
    <nav aria-label="Filter by status" className="mt-4 overflow-x-auto border-b border-line px-3 sm:px-5">
      <ul className="flex gap-1">
        {TABS.map((t) => {
          const current = (view.status ?? undefined) === t.status;
          return (
            <li key={t.label}>
              <Link
                href={listHref({ ...view, status: t.status, cursor: undefined })}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "-mb-px inline-flex items-center gap-1.5 rounded-t-md border-b-2 px-2.5 py-2 text-sm font-medium whitespace-nowrap",
                  "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-focus",
                  current ? "border-accent text-fg" : "border-transparent text-fg-muted hover:border-line-strong hover:text-fg",
                )}
              >
                {t.label}
                <span className="rounded-full bg-surface-sunken px-1.5 text-xs text-fg-muted tabular">{counts[t.status ?? "all"].toLocaleString("en")}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** "Previous page" / "Next page" by cursor, the rest of the view kept. */
export function Pager({ view, prevCursor, nextCursor }: { view: ListView; prevCursor: string | null; nextCursor: string | null }) {
  if (!prevCursor && !nextCursor) return null;
  return (
    <nav aria-label="Pages of codes" className="flex justify-between gap-3 border-t border-line bg-surface-muted px-5 py-3">
      {prevCursor ? (
        <Link href={listHref({ ...view, cursor: prevCursor })} className={buttonClasses({ variant: "secondary", size: "sm" })} rel="prev">
          Previous page
        </Link>
      ) : (
        <span />
      )}
      {nextCursor ? (
        <Link href={listHref({ ...view, cursor: nextCursor })} className={buttonClasses({ variant: "secondary", size: "sm" })} rel="next">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
