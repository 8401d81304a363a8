// API.md part 2, "Order of checks on a redemption": for every pair of refusals, a request failing
// both hears the one that comes first in the contract's order.
import { describe, expect, it } from "vitest";
import { firstRefusal, REFUSAL_ORDER } from "./checks";

const contract = ["not_found", "not_yet_valid", "expired", "deactivated", "not_eligible", "already_used", "no_eligible_items", "currency_mismatch", "minimum_not_met", "exhausted"];

describe("the order of checks", () => {
  it("is API.md's order", () => expect([...REFUSAL_ORDER]).toEqual(contract));

  const pairs = contract.flatMap((a, i) => contract.slice(i + 1).map((b) => [a, b] as const));
  it.each(pairs)("%s before %s", (first, second) => {
    expect(firstRefusal([second, first] as never)).toBe(first);
    expect(firstRefusal([first, second] as never)).toBe(first);
  });

  it("no failing check → no refusal", () => expect(firstRefusal([])).toBeNull());
});
