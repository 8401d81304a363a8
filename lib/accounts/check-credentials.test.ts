import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../auth/password";
import { DUMMY_PASSWORD_HASH } from "./check-credentials";

const params = (h: string) => h.split("$").slice(1, 4).join("$"); // argon2id$v=19$m=…,t=…,p=…

describe("DUMMY_PASSWORD_HASH", () => {
  it("has the same argon2 parameters as real password hashes, so an unknown email costs the same", async () => {
    expect(params(DUMMY_PASSWORD_HASH)).toBe(params(await hashPassword("anything at all")));
  });
  it("is a valid hash that no plausible password matches", async () => {
    expect(await verifyPassword(DUMMY_PASSWORD_HASH, "")).toBe(false);
    expect(await verifyPassword(DUMMY_PASSWORD_HASH, "demo1234")).toBe(false);
  });
});
