import { describe, expect, it } from "vitest";
import { signAnyUnsubscribeToken, signUnsubscribeToken, verifyAnyUnsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe-token";

const secret = "unit-test-secret-0123456789";

describe("unsubscribe tokens", () => {
  it("round-trip to the user they were signed for", () => {
    const token = signUnsubscribeToken("usr_01JD8XK3", secret);
    expect(token.startsWith("usr_01JD8XK3.")).toBe(true);
    expect(verifyUnsubscribeToken(token, secret)).toBe("usr_01JD8XK3");
  });

  it("are URL-safe", () => {
    expect(signUnsubscribeToken("usr_A", secret)).toMatch(/^[A-Za-z0-9_.-]+$/);
  });

  it.each([
    ["another secret", () => signUnsubscribeToken("usr_A", "another-secret-0123456789")],
    ["another user", () => `usr_B.${signUnsubscribeToken("usr_A", secret).split(".")[1]}`],
    ["a truncated signature", () => signUnsubscribeToken("usr_A", secret).slice(0, -2)],
    ["no signature", () => "usr_A"],
    ["an empty string", () => ""],
    ["garbage", () => "../../etc/passwd.x"],
  ])("are refused when forged: %s", (_what, make) => {
    expect(verifyUnsubscribeToken(make(), secret)).toBeNull();
  });

  it("refuse to sign a malformed user id", () => {
    expect(() => signUnsubscribeToken("a.b", secret)).toThrow();
  });
});

describe("per-brand unsubscribe tokens", () => {
  it("round-trip to the user and the brand", () => {
    const token = signAnyUnsubscribeToken({ userId: "usr_A", brandId: "brd_B" }, secret);
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(verifyAnyUnsubscribeToken(token, secret)).toEqual({ userId: "usr_A", brandId: "brd_B" });
  });
  it("a global token reads as global", () => {
    expect(verifyAnyUnsubscribeToken(signUnsubscribeToken("usr_A", secret), secret)).toEqual({ userId: "usr_A" });
  });
  it("never pass as the other kind, nor for another brand or user", () => {
    const token = signAnyUnsubscribeToken({ userId: "usr_A", brandId: "brd_B" }, secret);
    const sig = token.split(".")[2];
    expect(verifyUnsubscribeToken(token, secret)).toBeNull();
    expect(verifyAnyUnsubscribeToken(`usr_A.brd_C.${sig}`, secret)).toBeNull();
    expect(verifyAnyUnsubscribeToken(`usr_X.brd_B.${sig}`, secret)).toBeNull();
    expect(verifyAnyUnsubscribeToken(`usr_A.${sig}`, secret)).toBeNull();
    expect(verifyAnyUnsubscribeToken(signAnyUnsubscribeToken({ userId: "usr_A", brandId: "brd_B" }, "another-secret-0123456789"), secret)).toBeNull();
    expect(verifyAnyUnsubscribeToken("a.b.c.d", secret)).toBeNull();
  });
});
