// Rendering on the mail side: the notification jobs hand lib/mail a typed message — a template's
// name and its props — and get back a MailMessage (subject, HTML and text) from the React Email
// templates in emails/. The jobs never import a template.
// An announcement goes to thousands of shoppers with only the name and the unsubscribe links
// differing, so it is rendered once per announcement with placeholders, cut at them, and filled in
// per recipient (HTML-escaped in the HTML part): announcementTemplate.
import "server-only";
import { render } from "@react-email/render";
import type { ReactElement } from "react";
import CodeAnnouncement, { codeAnnouncementSubject, type CodeAnnouncementProps } from "../../emails/code-announcement";
import EmailVerification, { emailVerificationSubject, type EmailVerificationProps } from "../../emails/email-verification";
import UsageNotice, { usageNoticeSubject, type UsageNoticeProps } from "../../emails/usage-notice";
import type { MailMessage } from "./types";

export type { CodeAnnouncementProps, EmailVerificationProps, UsageNoticeProps };

/** A message by template: what a job asks lib/mail to render (announcements: announcementTemplate). */
export type TemplatedMail =
  | { template: "usage-notice"; to: string; props: UsageNoticeProps }
  | { template: "email-verification"; to: string; props: EmailVerificationProps };

async function htmlAndText(element: ReactElement): Promise<{ html: string; text: string }> {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}

export async function renderMail(m: TemplatedMail): Promise<MailMessage> {
  const { element, subject } =
    m.template === "usage-notice"
      ? { element: UsageNotice(m.props), subject: usageNoticeSubject(m.props) }
      : { element: EmailVerification(m.props), subject: emailVerificationSubject };
  return { to: m.to, subject, ...(await htmlAndText(element)) };
}

// ---- announcements: rendered once, filled in per recipient ----------------------------------

/** What differs between two recipients of one announcement. */
type PerRecipient = "recipientName" | "unsubscribeUrl" | "brandUnsubscribeUrl";
/** What every recipient of one announcement shares. */
export type AnnouncementContent = Omit<CodeAnnouncementProps, PerRecipient>;
/** One recipient's message: the address, the per-recipient props, and extra headers. */
export type AnnouncementRecipient = Pick<CodeAnnouncementProps, PerRecipient> & { to: string; headers?: Record<string, string> };

const NAME = "__RECIPIENT_NAME__";
const UNSUBSCRIBE = "__UNSUBSCRIBE_URL__";
const BRAND_UNSUBSCRIBE = "__BRAND_UNSUBSCRIBE_URL__";
const PLACEHOLDERS = [NAME, UNSUBSCRIBE, BRAND_UNSUBSCRIBE] as const;

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
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

interface AnnouncementTemplate {
  subject: string;
  html: Compiled;
  text: Compiled;
}

/**
 * Rendered announcements, by their content: a fan-out renders its template once, not once per
 * page (the in-process worker's loop and each Inngest step of one run share it). The key is the
 * whole content, so an edited code or another APP_URL (in shopUrl) renders anew. A few entries only.
 */
const templates = new Map<string, Promise<AnnouncementTemplate>>();
const TEMPLATE_CACHE_SIZE = 16;

function compiledAnnouncement(content: AnnouncementContent): Promise<AnnouncementTemplate> {
  const key = JSON.stringify([content.code, content.offer, content.terms, content.brandName, content.validFrom.toISOString(), content.validUntil.toISOString(), content.shopUrl]);
  const hit = templates.get(key);
  if (hit) {
    templates.delete(key); // most recently used last
    templates.set(key, hit);
    return hit;
  }
  const rendered = (async (): Promise<AnnouncementTemplate> => {
    const { html, text } = await htmlAndText(
      CodeAnnouncement({ ...content, recipientName: NAME, unsubscribeUrl: UNSUBSCRIBE, brandUnsubscribeUrl: BRAND_UNSUBSCRIBE }),
    );
    return { subject: codeAnnouncementSubject(content), html: compile(html, PLACEHOLDERS), text: compile(text, PLACEHOLDERS) };
  })();
  templates.set(key, rendered);
  rendered.catch(() => templates.delete(key));
  while (templates.size > TEMPLATE_CACHE_SIZE) templates.delete(templates.keys().next().value!);
  return rendered;
}

/**
 * Renders an announcement once (with placeholders; cached by content); the returned function makes
 * each recipient's message with their props filled in, escaped for HTML in the HTML part.
 */
export async function announcementTemplate(content: AnnouncementContent): Promise<(r: AnnouncementRecipient) => MailMessage> {
  const t = await compiledAnnouncement(content);
  return (r) => {
    const values = [r.recipientName, r.unsubscribeUrl, r.brandUnsubscribeUrl];
    return {
      to: r.to,
      subject: t.subject,
      html: fill(t.html, values.map(escapeHtml)),
      text: fill(t.text, values),
      ...(r.headers ? { headers: r.headers } : {}),
    };
  };
}
