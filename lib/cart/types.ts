// The cart as the API takes it (API.md: `cart` of POST /discountcodeusage), and the richer line
// the shop keeps for display. Amounts are integer minor units (cents).
export interface CartLine {
  sku: string;
  brandId: string;
  unitAmount: number;
  quantity: number;
}

export interface Cart {
  currency: string;
  lines: CartLine[];
}

/** A cart line as the shop shows it: the API line plus what a shopper reads. */
export interface CartItem extends CartLine {
  name: string;
  brandName: string;
  currency: string;
}

/** The `pricing` object of a 201 from POST /discountcodeusage. */
export interface Pricing {
  currency: string;
  subtotal: number;
  eligibleSubtotal: number;
  discountAmount: number;
  total: number;
}
