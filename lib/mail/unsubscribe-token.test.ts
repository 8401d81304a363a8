import { describe, expect, it } from "vitest";
import { signUnsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe-token";

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
