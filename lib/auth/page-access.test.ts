import { describe, expect, it } from "vitest";
import { pageAccess, safeCallbackUrl, signInPath } from "./page-access";

describe("pageAccess", () => {
  const shopper = { role: "shopper" };
  const brand = { role: "brand" };
  it.each([
    ["/", null, "allow"],
    ["/shop", null, "allow"],
    ["/sign-in", null, "allow"],
    ["/dashboard", null, "sign-in"],
    ["/dashboard/", null, "sign-in"],
    ["/dashboard/codes/new", null, "sign-in"],
    ["/dashboard", shopper, "forbidden"],
    ["/dashboard/codes", shopper, "forbidden"],
    ["/dashboard", brand, "allow"],
    ["/dashboards", null, "allow"],
    ["/checkout", null, "sign-in"],
    ["/checkout", shopper, "allow"],
    ["/checkout", brand, "allow"],
    ["/checkout/done", null, "sign-in"],
  ] as const)("%s as %o → %s", (path, user, action) => {
    expect(pageAccess(path, user).action).toBe(action);
  });
});

describe("safeCallbackUrl", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/checkout?cart=1#x", "/checkout?cart=1#x"],
    ["https://evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["", "/"],
    [undefined, "/"],
    [42, "/"],
  ])("%o → %s", (raw, expected) => {
    expect(safeCallbackUrl(raw)).toBe(expected);
  });
});

describe("signInPath", () => {
  it("carries the page to come back to", () => {
    expect(signInPath("/dashboard/codes?x=1")).toBe("/sign-in?callbackUrl=%2Fdashboard%2Fcodes%3Fx%3D1");
  });
});
