// The brand's recent webhook delivery attempts, newest first, with their outcome as a badge.
import { BoltIcon } from "@/components/icons";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatDate } from "@/lib/cart/format";

export interface WebhookDeliveryRow {
  id: string;
  url: string;
  type: string;
  attempt: number;
  status: "pending" | "succeeded" | "failed";
  responseStatus: number | null;
  createdAt: string;
}

const statusBadge = {
  succeeded: <Badge tone="success" dot>Delivered</Badge>,
  pending: <Badge tone="warning" dot>Retrying</Badge>,
  failed: <Badge tone="danger" dot>Failed</Badge>,
};

export function WebhookDeliveries({ deliveries }: { deliveries: WebhookDeliveryRow[] }) {
  return (
    <Card className="overflow-hidden" aria-labelledby="deliveries-title">
      <CardHeader
        id="deliveries-title"
        title="Recent deliveries"
        description="Each attempt. A failed one is retried after ~10 s, 1 min, 5 min, 30 min, 2 h, then every 6 h for up to 24 h."
      />
      {deliveries.length === 0 ? (
        <EmptyState icon={<BoltIcon className="size-6" />} title="Nothing sent yet" compact>
          Deliveries show up here as events happen.
        </EmptyState>
      ) : (
        <Table label="Recent webhook deliveries">
          <THead>
            <tr>
              <TH>When</TH>
              <TH>Event</TH>
              <TH>Endpoint</TH>
              <TH>Attempt</TH>
              <TH>Status</TH>
              <TH>Response</TH>
            </tr>
          </THead>
          <TBody>
            {deliveries.map((d) => (
              <TR key={d.id}>
                <TD className="whitespace-nowrap text-fg-muted">{formatDate(d.createdAt, { time: true })}</TD>
                <TD className="font-mono text-xs text-fg">{d.type}</TD>
                <TD className="max-w-xs truncate font-mono text-xs text-fg-muted">{d.url}</TD>
                <TD className="tabular-nums text-fg-muted">{d.attempt}</TD>
                <TD>{statusBadge[d.status]}</TD>
                <TD className="tabular-nums text-fg-muted">{d.responseStatus ?? "No answer"}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
