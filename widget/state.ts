// The widget's states and what each one means for the field, the button and the hint — pure, so
// the element (discount-widget.ts) only moves between them and render.ts only draws them.
//   idle → checking → preview → applying → held → releasing → preview
//                   ↘ refused            ↘ refused    ↘ refused (the hold ran out: apply again)
import { formatDate } from "../lib/cart/format";
import { refusalFor, type Refusal } from "../lib/cart/refusals";
import type { CodeInfo, Usage } from "./api";

export type State =
  | { kind: "idle" }
  | { kind: "checking"; code: string }
  | { kind: "preview"; info: CodeInfo }
  | { kind: "applying"; info: CodeInfo }
  /** `deadline`: when the hold ends on this device's clock (localDeadline). */
  | { kind: "held"; info: CodeInfo; usage: Usage; deadline: number | null }
  | { kind: "releasing"; info: CodeInfo; usage: Usage; deadline: number | null }
  /** `info` when the same code can be applied again (a hold that ran out: `usage`). */
  | { kind: "refused"; refusal: Refusal; info?: CodeInfo; usage?: Usage };

/** A request is under way: the field is read-only and the button shows a spinner. */
export const isBusy = (s: State) => s.kind === "checking" || s.kind === "applying" || s.kind === "releasing";

/** A code is held (or being released): the field and the button are disabled. */
export const isHeld = (s: State) => s.kind === "held" || s.kind === "releasing";

/** The submit button's words (read by screen readers while the spinner shows). */
export function buttonLabel(s: State): string {
  switch (s.kind) {
    case "checking":
      return "Checking…";
    case "applying":
      return "Applying…";
    case "releasing":
      return "Removing…";
    case "preview":
      return "Apply";
    case "held":
      return "Applied";
    case "refused":
      return s.info ? "Apply again" : "Check";
    default:
      return "Check";
  }
}

/** The hint under the field; "" hides it. */
export function hintOf(s: State): string {
  if (s.kind === "refused" || isHeld(s)) return "";
  return s.kind === "preview" ? "Press Apply to hold this code for your order." : "Codes are not case-sensitive.";
}

/** The code's dates as the refusals word them, in the element's locale. */
export function codeDates(info: CodeInfo, locale?: string) {
  return { code: info.code, validFrom: formatDate(info.validFrom, { locale }), validUntil: formatDate(info.validUntil, { locale }) };
}

/** Why a checked code cannot be applied by this shopper now (API.md's order of checks), or null. */
export function codeRefusal(info: CodeInfo, locale?: string): Refusal | null {
  const dates = codeDates(info, locale);
  if (info.status === "scheduled") return refusalFor("not_yet_valid", dates);
  if (info.status === "expired") return refusalFor("expired", dates);
  if (info.status === "deactivated") return refusalFor("deactivated", dates);
  if (info.eligible === false) return refusalFor("not_eligible", { ...dates, brandName: info.brand.name });
  if (info.usedByMe) return refusalFor("already_used", dates);
  if (info.status === "exhausted") return refusalFor("exhausted", dates);
  return null;
}
