import { expect, it } from "vitest";
import { possessive } from "./possessive";

it("adds ’s, or the apostrophe alone after an s", () => {
  expect(possessive("Northwind Supply")).toBe("Northwind Supply’s");
  expect(possessive("Acme Outfitters")).toBe("Acme Outfitters’");
  expect(possessive("BOSS ")).toBe("BOSS’");
  expect(possessive("Acme Outfitters", "'")).toBe("Acme Outfitters'");
});
