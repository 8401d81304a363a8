"use client";
// The primary button of an auth form; disabled with a busy label while the action runs.
import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui";

export function SubmitButton({ children, pendingLabel }: { children: React.ReactNode; pendingLabel: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" size="lg" pending={pending}>
      {pending ? pendingLabel : children}
    </Button>
  );
}
