// Every email template renders (STYLE.md: a render test per template); the jobs' messages are
// tested in lib/notifications/messages.test.ts.
import { describe, expect, it } from "vitest";
import { render } from "@react-email/render";
import CodeAnnouncement from "../../emails/code-announcement";
import EmailVerification from "../../emails/email-verification";
import UsageNotice from "../../emails/usage-notice";
import { renderMail } from "./render";

describe("every template renders to HTML and text", () => {
  it.each([
    ["code-announcement", CodeAnnouncement, CodeAnnouncement.PreviewProps],
    ["usage-notice", UsageNotice, UsageNotice.PreviewProps],
    ["email-verification", EmailVerification, EmailVerification.PreviewProps],
  ] as const)("%s", async (_name, Template, props) => {
    const element = (Template as (p: typeof props) => React.ReactElement)(props);
    const html = await render(element);
    const text = await render(element, { plainText: true });
    expect(html).toMatch(/^<!DOCTYPE html/i);
    expect(html).toContain("</html>");
    expect(text.length).toBeGreaterThan(100);
    expect(text).not.toMatch(/<(html|body|table|p|a)[\s>]/i);
  });
});

describe("renderMail", () => {
  it("renders a typed message with its template's subject", async () => {
    const m = await renderMail({ template: "email-verification", to: "new@example.com", props: EmailVerification.PreviewProps });
    expect(m).toMatchObject({ to: "new@example.com", subject: "Confirm your email address" });
    expect(m.html).toContain(EmailVerification.PreviewProps.verifyUrl);
    expect(m.text).toContain(EmailVerification.PreviewProps.verifyUrl);
  });
});
