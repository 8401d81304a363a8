// Runtime schemas of the outbox events' payloads (types.ts has their static types). A payload that
// fails its schema is a permanent failure: the job would fail the same way on every retry.
import { z } from "zod";
import { PermanentJobError } from "./errors";

const id = z.string().min(1).max(200);

const schemas: Record<string, z.ZodType> = {
  "discount/code.created": z.object({ codeId: id, brandId: id }),
  "discount/code.redeemed": z.object({ usageId: id, codeId: id, brandId: id, userId: id }),
  "discount/usage.reversed": z.object({ usageId: id, codeId: id, brandId: id, userId: id }),
  "discount/code.exhausted": z.object({ codeId: id, brandId: id }),
  "discount/batch.requested": z.object({ batchId: id, brandId: id }),
  "discount/batch.completed": z.object({ batchId: id, brandId: id }),
  "account/verification.requested": z.object({ userId: id, nonce: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }),
};

/** Throws PermanentJobError when `payload` does not match the schema of event `name` (if it has one). */
export function assertEventPayload(name: string, payload: unknown): void {
  const schema = schemas[name];
  if (!schema) return;
  const r = schema.safeParse(payload);
  if (!r.success) {
    const fields = [...new Set(r.error.issues.map((i) => i.path.join(".") || "(root)"))].join(", ");
    throw new PermanentJobError(`The payload of ${name} does not match its schema (${fields}).`);
  }
}
