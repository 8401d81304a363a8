// Creating a code (POST /api/v1/discountcode and the dashboard): validate → insert the rule (or
// reuse one of the brand's rules), the code and an outbox row `discount/code.created` in ONE
// transaction → publish the event after commit (the announcement job emails shoppers).
import { and, eq } from "drizzle-orm";
import { discountCodes, discountRules } from "../db/schema";
import { DomainError } from "../errors";
import { enqueueEvent } from "../events/outbox";
import { codeIdOf } from "./code";
import { rememberCode, type CodeRecord } from "./code-cache";
import type { Actor, DiscountPorts } from "./ports";
import type { CreateCodeBody, CreatedCode } from "./schemas";

const invalid = (path: string, message: string) =>
  new DomainError("validation_failed", `${path}: ${message}`, { errors: [{ path, message }] });

export async function createCode(
  ports: Pick<DiscountPorts, "db" | "clock" | "events">,
  actor: Actor,
  input: CreateCodeBody,
): Promise<CreatedCode> {
  // "The brand created the discount code for itself."
  const brand = actor.brands.find((b) => b.id === (input.brandId ?? actor.brands[0]?.id));
  if (!brand) throw new DomainError("forbidden", "A brand can only create codes for itself.");
  const brandId = brand.id;
  if ((input.discount === undefined) === (input.ruleId === undefined)) {
    throw invalid("discount", "give either discount (1–100) or ruleId, not both and not neither");
  }
  const now = ports.clock();
  const validFrom = input.validFrom ?? now;
  if (input.validUntil.getTime() <= now.getTime()) throw invalid("validUntil", "must be in the future");
  if (input.validUntil.getTime() <= validFrom.getTime()) throw invalid("validUntil", "must be after validFrom");

  const id = codeIdOf(input.code);
  const { record, outboxId } = await ports.db.transaction(async (tx) => {
    let ruleId: number;
    let percent: number;
    if (input.ruleId !== undefined) {
      const [rule] = await tx
        .select({ id: discountRules.id, percent: discountRules.percent })
        .from(discountRules)
        .where(and(eq(discountRules.id, input.ruleId), eq(discountRules.brandId, brandId)));
      // Another brand's rule answers like a missing one: its existence is not the caller's business.
      if (!rule) throw invalid("ruleId", "no rule with this id belongs to the brand");
      ({ id: ruleId, percent } = rule);
    } else {
      percent = input.discount!;
      const [rule] = await tx
        .insert(discountRules)
        .values({ brandId, percent, createdAt: now })
        .returning({ id: discountRules.id });
      ruleId = rule!.id;
    }
    // ON CONFLICT keeps a duplicate from aborting the transaction into a 500; throwing rolls back
    // the rule inserted above.
    const inserted = await tx
      .insert(discountCodes)
      .values({ id, code: input.code, ruleId, brandId, validFrom, validUntil: input.validUntil, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: discountCodes.id });
    if (!inserted.length) {
      throw new DomainError("code_taken", `The code ${input.code} already exists.`, {
        errors: [{ path: "code", message: "already exists" }],
      });
    }
    const event = await enqueueEvent(tx, "discount/code.created", { codeId: id, brandId });
    const record: CodeRecord = { id, code: input.code, ruleId, percent, brand: { id: brand.id, name: brand.name }, validFrom, validUntil: input.validUntil, createdAt: now };
    return { record, outboxId: event.id };
  });

  rememberCode(ports.db, record);
  ports.events.dispatch([outboxId]);
  return {
    id: record.id,
    code: record.code,
    discount: record.percent,
    ruleId: record.ruleId,
    brand: record.brand,
    validFrom: record.validFrom.toISOString(),
    validUntil: record.validUntil.toISOString(),
    createdAt: record.createdAt.toISOString(),
  };
}
