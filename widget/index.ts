// Entry point of public/widget.js (scripts/build-widget.ts): registers <discount-widget>.
import { defineDiscountWidget } from "./discount-widget";

defineDiscountWidget();
