"use client";

// One confirmed, destructive action on a row of a list (delete an endpoint, revoke a token): the
// row's button asks, a dialog says what happens, and confirming runs the server action in a
// transition, closes the dialog and toasts the outcome.
import { useState, useTransition, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";

type ToastMessage = Parameters<ReturnType<typeof useToast>>[0];

export interface ConfirmedAction<T> {
  /** The row waiting for confirmation (null: the dialog is closed). */
  confirming: T | null;
  ask: (item: T) => void;
  cancel: () => void;
  confirm: () => void;
  pending: boolean;
}

/** `run` does the action on the confirmed row and answers the toast to show. */
export function useConfirmedAction<T>(run: (item: T) => Promise<ToastMessage>): ConfirmedAction<T> {
  const [confirming, setConfirming] = useState<T | null>(null);
  const [pending, startTransition] = useTransition();
  const toast = useToast();
  return {
    confirming,
    ask: setConfirming,
    cancel: () => setConfirming(null),
    confirm: () => {
      const item = confirming;
      if (item === null) return;
      startTransition(async () => {
        const message = await run(item);
        setConfirming(null);
        toast(message);
      });
    },
    pending,
  };
}

/** The confirmation dialog of a `useConfirmedAction`: keep (cancel) or go ahead (danger). */
export function ConfirmActionDialog<T>({
  action,
  title,
  description,
  keepLabel,
  confirmLabel,
}: {
  action: ConfirmedAction<T>;
  title: string;
  description: ReactNode;
  keepLabel: string;
  confirmLabel: string;
}) {
  return (
    <Dialog open={action.confirming !== null} onClose={action.cancel} title={title} description={description}>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={action.cancel}>
          {keepLabel}
        </Button>
        <Button variant="danger" pending={action.pending} onClick={action.confirm}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}

/**
 * A card listing rows (an empty state when there are none), each with a destructive action button
 * in its last column that asks through a `ConfirmActionDialog` first.
 */
export function ConfirmedActionList<T extends { id: string }>({
  titleId,
  title,
  description,
  empty,
  tableLabel,
  columns,
  rows,
  cells,
  actionLabel,
  run,
  dialog,
}: {
  titleId: string;
  title: string;
  description?: string;
  /** The EmptyState shown when there are no rows. */
  empty: ReactNode;
  tableLabel: string;
  columns: string[];
  rows: T[];
  /** A row's cells, but the action's. */
  cells: (row: T) => ReactNode;
  /** The action button's content for a row (its accessible name), or null for no button. */
  actionLabel: (row: T) => ReactNode;
  run: (row: T) => Promise<ToastMessage>;
  /** The dialog's words, for the row being confirmed (null while closing). */
  dialog: (row: T | null) => {
    title: string;
    description: ReactNode;
    keepLabel: string;
    confirmLabel: string;
  };
}) {
  const action = useConfirmedAction(run);
  return (
    <Card className="overflow-hidden" aria-labelledby={titleId}>
      <CardHeader id={titleId} title={title} description={description} />
      {rows.length === 0 ? (
        empty
      ) : (
        <Table label={tableLabel}>
          <THead>
            <tr>
              {columns.map((c) => (
                <TH key={c}>{c}</TH>
              ))}
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </tr>
          </THead>
          <TBody>
            {rows.map((row) => {
              const label = actionLabel(row);
              return (
                <TR key={row.id}>
                  {cells(row)}
                  <TD className="text-right">
                    {label !== null ? (
                      <Button size="sm" variant="danger-ghost" onClick={() => action.ask(row)}>
                        {label}
                      </Button>
                    ) : null}
                  </TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      )}
      <ConfirmActionDialog action={action} {...dialog(action.confirming)} />
    </Card>
  );
}
