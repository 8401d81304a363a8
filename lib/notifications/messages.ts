// Turning domain data into email messages with the React Email templates in emails/.
// An announcement goes to thousands of shoppers with only the name and the unsubscribe link
// differing, so it is rendered once per batch with placeholders and then personalised.
import { render } from "@react-email/render";
import CodeAnnouncement, { codeAnnouncementSubject } from "../../emails/code-announcement";
import UsageNotice, { usageNoticeSubject, type UsageNoticeProps } from "../../emails/usage-notice";
import { signBrandUnsubscribeToken, signUnsubscribeToken } from "../mail/unsubscribe-token";
import type { MailMessage } from "../mail/types";
import type { Rule } from "../discounts/rules";
import { formatMoney } from "../../emails/format";

export interface AnnouncedCode {
  /** The code's brand: its per-brand unsubscribe link stops only this brand's announcements. */
  brandId: string;
  code: string;
  /** "15% off", "€5.00 off" (offerOf). */
  offer: string;
  /** The full terms in words (termsOf). */
  terms: string;
  brandName: string;
  validFrom: Date;
  validUntil: Date;
}

export interface Recipient {
  id: string;
  email: string;
  name: string;
}

const NAME = "__RECIPIENT_NAME__";
const UNSUBSCRIBE = "__UNSUBSCRIBE_URL__";
const BRAND_UNSUBSCRIBE = "__BRAND_UNSUBSCRIBE_URL__";

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

export function unsubscribeUrl(appUrl: string, userId: string, secret: string): string {
  const token = signUnsubscribeToken(userId, secret);
  return `${trimSlash(appUrl)}/api/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`;
}

/** The same endpoint as unsubscribeUrl; the token's scope is one brand's announcements. */
export function brandUnsubscribeUrl(appUrl: string, userId: string, brandId: string, secret: string): string {
  const token = signBrandUnsubscribeToken(userId, brandId, secret);
  return `${trimSlash(appUrl)}/api/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`;
}

/**
 * RFC 8058 one-click unsubscribe, as bulk senders must offer (Gmail, Yahoo). Announcements put the
 * global link here, not the per-brand one: the mail client attributes the list to our From
 * address, and a person who presses its "Unsubscribe" expects this sender to stop — a brand-only
 * opt-out there would keep mail coming from the same sender (and into spam reports).
 */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/** What a rule takes off, in words. */
export function offerOf(rule: Pick<Rule, "type" | "percent" | "amountOff">): string {
  return rule.type === "percentage" ? `${rule.percent}% off` : `${formatMoney(rule.amountOff!.amount, rule.amountOff!.currency)} off`;
}

/** A rule's terms for a shopper: "15% off every Acme product", "€5.00 off Acme products on orders of €50.00 or more". */
export function termsOf(rule: Rule, brandName: string): string {
  const base = rule.type === "percentage" ? `${rule.percent}% off every ${brandName} product` : `${offerOf(rule)} ${brandName} products`;
  const min = rule.minSubtotal ? ` on orders of ${formatMoney(rule.minSubtotal.amount, rule.minSubtotal.currency)} or more` : "";
  return `${base}${min}`;
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || "there";
}

/** Renders the announcement once; the returned function makes each recipient's message. */
export async function announcementRenderer(
  code: AnnouncedCode,
  opts: { appUrl: string; unsubscribeSecret: string },
): Promise<(r: Recipient) => MailMessage> {
  const element = CodeAnnouncement({
    ...code,
    recipientName: NAME,
    shopUrl: `${trimSlash(opts.appUrl)}/shop`,
    unsubscribeUrl: UNSUBSCRIBE,
    brandUnsubscribeUrl: BRAND_UNSUBSCRIBE,
  });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  const subject = codeAnnouncementSubject(code);
  return (r) => {
    const url = unsubscribeUrl(opts.appUrl, r.id, opts.unsubscribeSecret);
    const brandUrl = brandUnsubscribeUrl(opts.appUrl, r.id, code.brandId, opts.unsubscribeSecret);
    const name = firstName(r.name);
    return {
      to: r.email,
      subject,
      html: html.replaceAll(NAME, escapeHtml(name)).replaceAll(UNSUBSCRIBE, escapeHtml(url)).replaceAll(BRAND_UNSUBSCRIBE, escapeHtml(brandUrl)),
      text: text.replaceAll(NAME, name).replaceAll(UNSUBSCRIBE, url).replaceAll(BRAND_UNSUBSCRIBE, brandUrl),
      headers: unsubscribeHeaders(url),
    };
  };
}

export async function renderUsageNotice(
  props: Omit<UsageNoticeProps, "dashboardUrl" | "adminName"> & { admin: Recipient; appUrl: string },
): Promise<MailMessage> {
  const { admin, appUrl, ...rest } = props;
  const element = UsageNotice({ ...rest, adminName: firstName(admin.name), dashboardUrl: `${trimSlash(appUrl)}/dashboard` });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { to: admin.email, subject: usageNoticeSubject(props), html, text };
}
