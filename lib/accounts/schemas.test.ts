import { describe, expect, it } from "vitest";
import { registerBodySchema, tokenBodySchema } from "./schemas";
import { slugCandidate, slugify } from "./slug";

describe("registerBodySchema", () => {
  it("trims and lower-cases the email, trims names", () => {
    expect(
      registerBodySchema.parse({ email: "  Ada@Example.COM ", password: "12345678", name: " Ada ", role: "brand", brandName: " Acme " }),
    ).toEqual({ email: "ada@example.com", password: "12345678", name: "Ada", role: "brand", brandName: "Acme" });
  });
  it("keeps the password exactly as typed (spaces are part of it)", () => {
    expect(tokenBodySchema.parse({ email: "a@b.co", password: " pw " }).password).toBe(" pw ");
  });
  it.each([
    [{ password: "1234567" }, "password"],
    [{ password: "x".repeat(257) }, "password"],
    [{ email: "a@" }, "email"],
    [{ name: "   " }, "name"],
    [{ role: "brand" }, "brandName"],
    [{ role: "brand", brandName: " " }, "brandName"],
    [{ brandName: "Acme" }, "brandName"],
  ])("rejects %o at %s", (patch, path) => {
    const base = { email: "a@b.co", password: "12345678", name: "A", role: "shopper" };
    const r = registerBodySchema.safeParse({ ...base, ...patch });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toContain(path);
  });
});

describe("slugs", () => {
  it.each([
    ["Acme Outfitters", "acme-outfitters"],
    ["  Café & Crème!! ", "cafe-creme"],
    ["北风", "brand"],
    ["x".repeat(80), "x".repeat(48)],
  ])("%s → %s", (name, slug) => expect(slugify(name)).toBe(slug));
  it("suffixes collisions from 2", () => {
    expect([0, 1, 2].map((i) => slugCandidate("acme", i))).toEqual(["acme", "acme-2", "acme-3"]);
  });
});
