// The cart as the API takes it (API.md: `cart` of POST /discountcodeusage), and the richer line
// the shop keeps for display. Amounts are integer minor units (cents).
// One definition of the API's cart and pricing shapes: the domain's (type-only, so nothing of
// the domain reaches the browser bundle).
import type { Cart, CartLine, Pricing } from "../discounts/pricing";

export type { Cart, CartLine, Pricing };

/** A cart line as the shop shows it: the API line plus what a shopper reads. */
export interface CartItem extends CartLine {
  name: string;
  brandName: string;
  currency: string;
}
