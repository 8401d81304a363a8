import { describe, expect, it } from "vitest";
import { verifyAnyUnsubscribeToken, verifyUnsubscribeToken } from "../mail/unsubscribe-token";
import { announcementRenderer, renderUsageNotice } from "./messages";

const secret = "test-secret-0123456789";
const code = {
  brandId: "brd_ACME",
  code: "SPRINGSALE2026",
  offer: "15% off",
  terms: "15% off every Acme Outfitters product",
  brandName: "Acme Outfitters",
  validFrom: new Date("2026-03-01T09:00:00Z"),
  validUntil: new Date("2026-05-31T21:30:00Z"),
};

describe("the code announcement", () => {
  it("names the brand, the code and its terms, links to the shop, and offers one-click unsubscribe", async () => {
    const make = await announcementRenderer(code, { appUrl: "https://discounts.example/", unsubscribeSecret: secret });
    const m = make({ id: "usr_01ABC", email: "sam@example.com", name: "Sam O'Neil <3" });

    expect(m.to).toBe("sam@example.com");
    expect(m.subject).toBe("Acme Outfitters: 15% off with code SPRINGSALE2026");
    for (const body of [m.html, m.text]) {
      expect(body).toContain("SPRINGSALE2026");
      expect(body).toContain("15% off every Acme Outfitters product");
      expect(body).toContain("1 Mar 2026, 09:00 UTC");
      expect(body).toContain("31 May 2026, 21:30 UTC");
      expect(body).toContain("https://discounts.example/shop");
    }
    // Personalised, and escaped in HTML.
    expect(m.html).toContain("Hi Sam,");
    expect(m.text).toContain("Hi Sam,");
    expect(m.html).not.toContain("__RECIPIENT_NAME__");
    expect(m.text).not.toContain("__UNSUBSCRIBE_URL__");

    const header = m.headers!["List-Unsubscribe"]!;
    expect(m.headers!["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const url = new URL(header.slice(1, -1));
    expect(url.origin + url.pathname).toBe("https://discounts.example/api/v1/notifications/unsubscribe");
    expect(verifyUnsubscribeToken(url.searchParams.get("token")!, secret)).toBe("usr_01ABC");
    expect(m.html).toContain(`href="${url.toString()}"`);
    expect(m.text).toContain(url.toString());

    // Next to it, a link that stops only this brand's announcements.
    expect(m.text).not.toContain("__BRAND_UNSUBSCRIBE_URL__");
    expect(m.text).toContain("Stop emails from Acme Outfitters");
    const brandLinks = [...m.text.matchAll(/https:\/\/discounts\.example\/api\/v1\/notifications\/unsubscribe\?token=[^\s\])]+/g)].map((x) => new URL(x[0]));
    const scopes = brandLinks.map((u) => verifyAnyUnsubscribeToken(u.searchParams.get("token")!, secret));
    expect(scopes).toContainEqual({ userId: "usr_01ABC", brandId: "brd_ACME" });
    expect(scopes).toContainEqual({ userId: "usr_01ABC" });
  });

  it("escapes a recipient's name in the HTML", async () => {
    const make = await announcementRenderer(code, { appUrl: "http://localhost:3000", unsubscribeSecret: secret });
    const m = make({ id: "usr_X", email: "x@example.com", name: "<script>alert(1)</script> Evil" });
    expect(m.html).not.toContain("<script>");
    expect(m.html).toContain("&lt;script&gt;");
  });

  it("fills each placeholder once: a name that looks like one is not substituted again", async () => {
    const make = await announcementRenderer(code, { appUrl: "http://localhost:3000", unsubscribeSecret: secret });
    const m = make({ id: "usr_X", email: "x@example.com", name: "__UNSUBSCRIBE_URL__" });
    expect(m.text).toContain("Hi __UNSUBSCRIBE_URL__,");
    expect(m.html).toContain("__UNSUBSCRIBE_URL__");
    expect(m.html).not.toContain("__BRAND_UNSUBSCRIBE_URL__");
    expect(m.html).not.toContain("__RECIPIENT_NAME__");
  });

  it("renders an announcement once, and again when its content or APP_URL changes", async () => {
    const a = await announcementRenderer(code, { appUrl: "https://one.example", unsubscribeSecret: secret });
    const again = await announcementRenderer(code, { appUrl: "https://one.example/", unsubscribeSecret: "another-secret-0123456789" });
    const other = await announcementRenderer(code, { appUrl: "https://two.example", unsubscribeSecret: secret });
    const edited = await announcementRenderer({ ...code, terms: "20% off every Acme Outfitters product" }, { appUrl: "https://one.example", unsubscribeSecret: secret });
    const r = { id: "usr_A", email: "a@example.com", name: "Ann Example" };
    expect(again(r).html.replaceAll(/token=[^"&\s]+/g, "")).toBe(a(r).html.replaceAll(/token=[^"&\s]+/g, ""));
    expect(again(r).headers).not.toEqual(a(r).headers); // the secret is the caller's, not cached
    expect(other(r).html).toContain("https://two.example/shop");
    expect(other(r).html).not.toContain("https://one.example");
    expect(edited(r).text).toContain("20% off every Acme Outfitters product");
  });

  it("gives each recipient their own unsubscribe link", async () => {
    const make = await announcementRenderer(code, { appUrl: "http://localhost:3000", unsubscribeSecret: secret });
    const a = make({ id: "usr_A", email: "a@example.com", name: "A" });
    const b = make({ id: "usr_B", email: "b@example.com", name: "B" });
    expect(a.headers!["List-Unsubscribe"]).not.toBe(b.headers!["List-Unsubscribe"]);
  });
});

describe("the usage notice", () => {
  const base = {
    admin: { id: "usr_ADA", email: "ada@acme.example", name: "Ada Acme" },
    appUrl: "https://discounts.example",
    brandName: "Acme Outfitters",
    shopperName: "Sam Shopper",
    shopperEmail: "shopper@example.com",
    code: "WELCOME10",
    offer: "10% off",
    usedAt: new Date("2026-03-14T15:09:26Z"),
  };

  it("names the shopper, the code and the amounts", async () => {
    const m = await renderUsageNotice({
      ...base,
      pricing: { currency: "EUR", subtotal: 12700, eligibleSubtotal: 10800, discountAmount: 1080, total: 11620 },
    });
    expect(m.to).toBe("ada@acme.example");
    expect(m.subject).toBe("Code WELCOME10 was used by Sam Shopper");
    for (const body of [m.html, m.text]) {
      expect(body).toContain("Hi Ada,");
      expect(body).toContain("Sam Shopper");
      expect(body).toContain("shopper@example.com");
      expect(body).toContain("WELCOME10 (10% off)");
      expect(body).toContain("14 Mar 2026, 15:09 UTC");
      expect(body).toContain("€127.00");
      expect(body).toContain("€108.00");
      expect(body).toContain("−€10.80");
      expect(body).toContain("€116.20");
      expect(body).toContain("https://discounts.example/dashboard");
    }
  });

  it("says so when the checkout sent no amounts, and formats zero-decimal currencies", async () => {
    const none = await renderUsageNotice({ ...base, pricing: null });
    expect(none.text).toContain("did not report order amounts");
    const yen = await renderUsageNotice({
      ...base,
      pricing: { currency: "JPY", subtotal: 5000, eligibleSubtotal: 5000, discountAmount: 500, total: 4500 },
    });
    expect(yen.text).toContain("JP¥5,000");
    expect(yen.text).toContain("−JP¥500");
  });
});
