// Turning domain data into email messages with the React Email templates in emails/.
// An announcement goes to thousands of shoppers with only the name and the unsubscribe links
// differing, so it is rendered once per announcement with placeholders, cut at them, and filled in
// per recipient (HTML-escaped in the HTML part).
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

/** Where unsubscribe links point, without their token: worked out once per fan-out. */
function unsubscribeBase(appUrl: string): string {
  return `${trimSlash(appUrl)}/api/v1/notifications/unsubscribe?token=`;
}

export function unsubscribeUrl(appUrl: string, userId: string, secret: string, base = unsubscribeBase(appUrl)): string {
  return base + encodeURIComponent(signUnsubscribeToken(userId, secret));
}

/** The same endpoint as unsubscribeUrl; the token's scope is one brand's announcements. */
export function brandUnsubscribeUrl(appUrl: string, userId: string, brandId: string, secret: string, base = unsubscribeBase(appUrl)): string {
  return base + encodeURIComponent(signBrandUnsubscribeToken(userId, brandId, secret));
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

/** A rendered body cut at its placeholders: literal parts, and which value goes between them. */
interface Compiled {
  parts: string[];
  /** slots[i] is the placeholder between parts[i] and parts[i + 1]. */
  slots: number[];
}

/**
 * Cuts `body` at every placeholder, once. Filling it then is one pass over the parts, and a value
 * that happens to contain a placeholder (a shopper named "__UNSUBSCRIBE_URL__") is never
 * substituted again — unlike a chain of replaceAll.
 */
function compile(body: string, placeholders: readonly string[]): Compiled {
  const parts: string[] = [];
  const slots: number[] = [];
  let at = 0;
  for (;;) {
    let next = -1;
    let slot = -1;
    for (let i = 0; i < placeholders.length; i++) {
      const j = body.indexOf(placeholders[i]!, at);
      if (j >= 0 && (next < 0 || j < next)) {
        next = j;
        slot = i;
      }
    }
    if (next < 0) break;
    parts.push(body.slice(at, next));
    slots.push(slot);
    at = next + placeholders[slot]!.length;
  }
  parts.push(body.slice(at));
  return { parts, slots };
}

function fill(c: Compiled, values: readonly string[]): string {
  let out = c.parts[0]!;
  for (let i = 0; i < c.slots.length; i++) out += values[c.slots[i]!]! + c.parts[i + 1]!;
  return out;
}

const PLACEHOLDERS = [NAME, UNSUBSCRIBE, BRAND_UNSUBSCRIBE] as const;

interface AnnouncementTemplate {
  subject: string;
  html: Compiled;
  text: Compiled;
}

/**
 * Rendered announcements, by their content: a fan-out renders its template once, not once per
 * page (the in-process worker's loop and each Inngest step of one run share it). The key is the
 * whole rendered input, so an edited code or another APP_URL renders anew. A few entries only.
 */
const templates = new Map<string, Promise<AnnouncementTemplate>>();
const TEMPLATE_CACHE_SIZE = 16;

function templateOf(code: AnnouncedCode, appUrl: string): Promise<AnnouncementTemplate> {
  const key = JSON.stringify([code.brandId, code.code, code.offer, code.terms, code.brandName, code.validFrom.toISOString(), code.validUntil.toISOString(), trimSlash(appUrl)]);
  const hit = templates.get(key);
  if (hit) {
    templates.delete(key); // most recently used last
    templates.set(key, hit);
    return hit;
  }
  const rendered = (async (): Promise<AnnouncementTemplate> => {
    const element = CodeAnnouncement({
      ...code,
      recipientName: NAME,
      shopUrl: `${trimSlash(appUrl)}/shop`,
      unsubscribeUrl: UNSUBSCRIBE,
      brandUnsubscribeUrl: BRAND_UNSUBSCRIBE,
    });
    const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
    return { subject: codeAnnouncementSubject(code), html: compile(html, PLACEHOLDERS), text: compile(text, PLACEHOLDERS) };
  })();
  templates.set(key, rendered);
  rendered.catch(() => templates.delete(key));
  while (templates.size > TEMPLATE_CACHE_SIZE) templates.delete(templates.keys().next().value!);
  return rendered;
}

/**
 * Renders the announcement once (with placeholders; cached per announcement); the returned
 * function makes each recipient's message: first name and unsubscribe links filled in, escaped
 * for HTML in the HTML part.
 */
export async function announcementRenderer(
  code: AnnouncedCode,
  opts: { appUrl: string; unsubscribeSecret: string },
): Promise<(r: Recipient) => MailMessage> {
  const t = await templateOf(code, opts.appUrl);
  const base = unsubscribeBase(opts.appUrl);
  return (r) => {
    const url = unsubscribeUrl(opts.appUrl, r.id, opts.unsubscribeSecret, base);
    const brandUrl = brandUnsubscribeUrl(opts.appUrl, r.id, code.brandId, opts.unsubscribeSecret, base);
    const name = firstName(r.name);
    return {
      to: r.email,
      subject: t.subject,
      html: fill(t.html, [escapeHtml(name), escapeHtml(url), escapeHtml(brandUrl)]),
      text: fill(t.text, [name, url, brandUrl]),
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
