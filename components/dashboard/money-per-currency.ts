// Money summed per currency, shown as one figure per currency ("€12.00 · US$3.00"): cents of two
// currencies are never added up under one label.
import { formatMoney } from "@/lib/cart/format";

export function moneyPerCurrency<T extends { currency: string }>(list: T[], amount: (entry: T) => number, none = "None yet"): string {
  return list.length ? list.map((c) => formatMoney(amount(c), { currency: c.currency })).join(" · ") : none;
}
