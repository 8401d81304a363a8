// The messages the notification jobs send, as typed messages for lib/mail to render (lib/mail/
// render.ts owns the React Email templates): who gets what, with which links. An announcement is
// rendered once per announcement and filled in per recipient (announcementTemplate).
import { announcementTemplate, renderMail, type UsageNoticeProps } from "../mail/render";
import { signAnyUnsubscribeToken, type UnsubscribeScope } from "../mail/unsubscribe-token";
import type { MailMessage } from "../mail/types";

export interface AnnouncedCode {
  /** The code's brand: its per-brand unsubscribe link stops only this brand's announcements. */
  brandId: string;
  code: string;
  /** "15% off", "€5.00 off" (ruleOffWords). */
  offer: string;
  /** The full terms in words (ruleTermsWords). */
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

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/** Where unsubscribe links point, without their token: worked out once per fan-out. */
function unsubscribeBase(appUrl: string): string {
  return `${trimSlash(appUrl)}/api/v1/notifications/unsubscribe?token=`;
}

/** An unsubscribe link: from every announcement, or (with brandId) from one brand's only. */
export function unsubscribeUrl(appUrl: string, to: UnsubscribeScope & { secret: string }): string {
  return unsubscribeLink(unsubscribeBase(appUrl), to);
}

/** The same endpoint for both scopes: the token says which. */
function unsubscribeLink(base: string, { secret, ...scope }: UnsubscribeScope & { secret: string }): string {
  return base + encodeURIComponent(signAnyUnsubscribeToken(scope, secret));
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

/** How an email greets a person: their first name. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || "there";
}

/**
 * The announcement rendered once (by lib/mail, cached per announcement); the returned function
 * makes each recipient's message: first name and unsubscribe links filled in.
 */
export async function announcementRenderer(
  code: AnnouncedCode,
  opts: { appUrl: string; unsubscribeSecret: string },
): Promise<(r: Recipient) => MailMessage> {
  const { brandId, ...content } = code;
  const make = await announcementTemplate({ ...content, shopUrl: `${trimSlash(opts.appUrl)}/shop` });
  const base = unsubscribeBase(opts.appUrl);
  return (r) => {
    const url = unsubscribeLink(base, { userId: r.id, secret: opts.unsubscribeSecret });
    return make({
      to: r.email,
      recipientName: firstName(r.name),
      unsubscribeUrl: url,
      brandUnsubscribeUrl: unsubscribeLink(base, { userId: r.id, brandId, secret: opts.unsubscribeSecret }),
      headers: unsubscribeHeaders(url),
    });
  };
}

export async function renderUsageNotice(
  props: Omit<UsageNoticeProps, "dashboardUrl" | "adminName"> & { admin: Recipient; appUrl: string },
): Promise<MailMessage> {
  const { admin, appUrl, ...rest } = props;
  return renderMail({
    template: "usage-notice",
    to: admin.email,
    props: { ...rest, adminName: firstName(admin.name), dashboardUrl: `${trimSlash(appUrl)}/dashboard` },
  });
}
