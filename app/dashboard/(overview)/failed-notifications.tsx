// The overview's "emails that could not be sent" panel: shown only when some of the brand's
// notifications failed for good, with what, when, why (redacted) and how to send them again.
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { REDRIVE_COMMAND, type FailedNotification } from "@/lib/notifications/failed-notifications";

const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function FailedNotifications({ items }: { items: FailedNotification[] }) {
  if (items.length === 0) return null;
  const ids = items.map((i) => i.id).join(",");
  return (
    <Card className="mt-6 overflow-hidden" aria-labelledby="failed-notifications-title">
      <CardHeader
        id="failed-notifications-title"
        title={
          <span className="flex items-center gap-2">
            Emails that could not be sent <Badge tone="danger">{items.length}</Badge>
          </span>
        }
        description={
          <>
            These gave up after their retries. Once the cause is fixed, whoever runs the platform re-sends them with{" "}
            <code className="rounded bg-surface-muted px-1 py-0.5 font-mono text-xs">{`${REDRIVE_COMMAND} -- --id ${ids}`}</code>{" "}
            (or <code className="rounded bg-surface-muted px-1 py-0.5 font-mono text-xs">{REDRIVE_COMMAND}</code> for all). Nobody
            already emailed gets a second copy.
          </>
        }
      />
      <Table label="Failed notifications">
        <THead>
          <TR>
            <TH>Event</TH>
            <TH>What</TH>
            <TH className="text-right">Attempts</TH>
            <TH>Last error</TH>
            <TH>Failed (UTC)</TH>
          </TR>
        </THead>
        <TBody>
          {items.map((i) => (
            <TR key={i.id}>
              <TD className="font-mono text-xs whitespace-nowrap">#{i.id}</TD>
              <TD>
                <span className="block">{i.label}</span>
                <span className="block font-mono text-xs text-fg-muted">{i.name}</span>
              </TD>
              <TD className="text-right tabular-nums">{i.attempts}</TD>
              <TD className="max-w-md font-mono text-xs break-words text-fg-muted">{i.lastError ?? "—"}</TD>
              <TD className="whitespace-nowrap">
                <time dateTime={i.failedAt.toISOString()}>{when.format(i.failedAt)}</time>
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}
