// The announcement of a new discount code to a shopper: the brand, the code, its terms (the
// discount and the validity window), a button to the shop, and one-click unsubscribe links: from
// this brand's announcements, or from all of them.
import { Heading, Link, Section, Text } from "@react-email/components";
import { colors, EmailLayout, PrimaryButton } from "./components/layout";
import { formatInstant } from "./format";

export interface CodeAnnouncementProps {
  recipientName: string;
  brandName: string;
  code: string;
  /** What the code takes off, in words: "15% off", "€5.00 off". */
  offer: string;
  /** The full terms (ruleTermsWords): "15% off every Acme product", "€5.00 off Acme products, when the Acme items come to €50.00 or more". */
  terms: string;
  validFrom: Date;
  validUntil: Date;
  shopUrl: string;
  unsubscribeUrl: string;
  /** Stops this brand's announcements only. */
  brandUnsubscribeUrl: string;
}

export function codeAnnouncementSubject(p: Pick<CodeAnnouncementProps, "brandName" | "offer" | "code">): string {
  return `${p.brandName}: ${p.offer} with code ${p.code}`;
}

export default function CodeAnnouncement(p: CodeAnnouncementProps) {
  const terms = p.terms;
  return (
    <EmailLayout
      preview={`${terms} — use code ${p.code} before ${formatInstant(p.validUntil)}`}
      footer={
        <>
          <Text style={{ margin: "0 0 6px" }}>
            You get this email because you signed up for new discount codes from brands on Discounts.
          </Text>
          <Text style={{ margin: 0 }}>
            <Link href={p.brandUnsubscribeUrl} style={{ color: colors.muted, textDecoration: "underline" }}>
              {`Stop emails from ${p.brandName}`}
            </Link>
            {" · "}
            <Link href={p.unsubscribeUrl} style={{ color: colors.muted, textDecoration: "underline" }}>
              Unsubscribe from all new-code emails
            </Link>
            {" — one click, no sign-in needed."}
          </Text>
        </>
      }
    >
      <Text style={{ color: colors.muted, fontSize: "15px", margin: "0 0 8px" }}>{`Hi ${p.recipientName},`}</Text>
      <Heading as="h1" style={{ color: colors.text, fontSize: "22px", lineHeight: "30px", margin: "0 0 16px" }}>
        {`${p.brandName} has a new discount code for you`}
      </Heading>
      <Section
        style={{
          border: `2px dashed ${colors.brand}`,
          borderRadius: "10px",
          padding: "16px",
          textAlign: "center",
          margin: "0 0 20px",
        }}
      >
        <Text style={{ color: colors.muted, fontSize: "12px", letterSpacing: "0.08em", margin: "0 0 4px" }}>YOUR CODE</Text>
        <Text
          style={{
            color: colors.text,
            fontFamily: "'SFMono-Regular', Menlo, Consolas, monospace",
            fontSize: "26px",
            fontWeight: 700,
            letterSpacing: "0.06em",
            margin: 0,
          }}
        >
          {p.code}
        </Text>
      </Section>
      <Heading as="h2" style={{ color: colors.text, fontSize: "16px", margin: "0 0 8px" }}>
        Terms
      </Heading>
      <Text style={{ color: colors.text, fontSize: "15px", lineHeight: "24px", margin: "0 0 4px" }}>
        <strong>{terms}</strong>, taken off at checkout.
      </Text>
      <Text style={{ color: colors.text, fontSize: "15px", lineHeight: "24px", margin: "0 0 4px" }}>
        {`Valid from ${formatInstant(p.validFrom)} until ${formatInstant(p.validUntil)}.`}
      </Text>
      <Text style={{ color: colors.text, fontSize: "15px", lineHeight: "24px", margin: "0 0 24px" }}>
        One use per shopper. Products of other brands in the same cart are not discounted.
      </Text>
      <PrimaryButton href={p.shopUrl}>{`Shop ${p.brandName}`}</PrimaryButton>
    </EmailLayout>
  );
}

CodeAnnouncement.PreviewProps = {
  recipientName: "Sam",
  brandName: "Acme Outfitters",
  code: "SPRINGSALE2026",
  offer: "15% off",
  terms: "15% off every Acme product",
  validFrom: new Date("2026-03-01T00:00:00Z"),
  validUntil: new Date("2026-05-31T23:59:00Z"),
  shopUrl: "http://localhost:3000/shop",
  unsubscribeUrl: "http://localhost:3000/api/v1/notifications/unsubscribe?token=usr_demo.signature",
  brandUnsubscribeUrl: "http://localhost:3000/api/v1/notifications/unsubscribe?token=usr_demo.brd_demo.signature",
} satisfies CodeAnnouncementProps;
