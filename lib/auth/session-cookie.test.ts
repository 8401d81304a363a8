import { describe, expect, it } from "vitest";
import { encodeSessionToken, readSessionCookie } from "./session-cookie";

const secret = "unit-test-secret-0123456789abcdef";
const claims = { sub: "usr_1", role: "brand" as const, email: "a@b.test", name: "A" };

describe("readSessionCookie", () => {
  it("reads the session that next-auth's encoder wrote (http cookie name)", async () => {
    const jwt = await encodeSessionToken(claims, secret);
    expect(await readSessionCookie(`other=1; authjs.session-token=${jwt}`, secret)).toMatchObject(claims);
  });

  it("reads the __Secure- cookie (https), whose salt is its own name", async () => {
    const jwt = await encodeSessionToken(claims, secret, { name: "__Secure-authjs.session-token" });
    expect(await readSessionCookie(`__Secure-authjs.session-token=${jwt}`, secret)).toMatchObject(claims);
    // The same JWT under the other name does not decrypt: the salt differs.
    expect(await readSessionCookie(`authjs.session-token=${jwt}`, secret)).toBeNull();
  });

  it("joins a chunked cookie", async () => {
    const jwt = await encodeSessionToken(claims, secret);
    const half = Math.floor(jwt.length / 2);
    const header = `authjs.session-token.1=${jwt.slice(half)}; authjs.session-token.0=${jwt.slice(0, half)}`;
    expect(await readSessionCookie(header, secret)).toMatchObject(claims);
  });

  it("is null for another secret, a tampered token, an expired one, or no cookie", async () => {
    const jwt = await encodeSessionToken(claims, secret);
    expect(await readSessionCookie(`authjs.session-token=${jwt}`, "another-secret-0123456789abcdef")).toBeNull();
    expect(await readSessionCookie(`authjs.session-token=${jwt.slice(0, -3)}abc`, secret)).toBeNull();
    const old = await encodeSessionToken(claims, secret, { maxAgeSeconds: -60 });
    expect(await readSessionCookie(`authjs.session-token=${old}`, secret)).toBeNull();
    expect(await readSessionCookie(null, secret)).toBeNull();
    expect(await readSessionCookie(`authjs.session-token=${jwt}`, undefined)).toBeNull();
    expect(await readSessionCookie("authjs.session-token=", secret)).toBeNull();
  });
});
