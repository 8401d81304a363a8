"use client";

// "Deactivate" on a code's page: asks first (a dialog saying what stops and what does not), then
// ends the code at once through the server action.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";

export function DeactivateCodeButton({
  codeId,
  code,
  holds,
  deactivate,
}: {
  codeId: string;
  code: string;
  holds: number;
  deactivate: (codeId: string) => Promise<{ ok: boolean; error?: string }>;
}) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const toast = useToast();
  const router = useRouter();
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Deactivate
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Deactivate ${code}?`}
        description={
          <>
            Shoppers can no longer apply {code}, from this moment. {holds > 0 ? `The ${holds} ${holds === 1 ? "shopper who is" : "shoppers who are"} holding it at checkout can still finish their order until the hold runs out. ` : ""}
            Confirmed orders keep their discount. This cannot be undone.
          </>
        }
      >
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Keep it active
          </Button>
          <Button
            variant="danger"
            pending={pending}
            onClick={() =>
              startTransition(async () => {
                const r = await deactivate(codeId);
                setOpen(false);
                toast(r.ok ? { tone: "success", title: `${code} is deactivated` } : { tone: "error", title: r.error ?? "Could not deactivate the code" });
                router.refresh();
              })
            }
          >
            Deactivate code
          </Button>
        </div>
      </Dialog>
    </>
  );
}
