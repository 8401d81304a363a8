// The frame every email shares: a preview line, the product's header, a white card, a footer.
// Inline styles only — email clients ignore stylesheets.
import { Body, Button, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

export const colors = {
  brand: "#4f46e5",
  text: "#18181b",
  muted: "#52525b",
  faint: "#a1a1aa",
  border: "#e4e4e7",
  page: "#f4f4f5",
};

export function EmailLayout({ preview, children, footer }: { preview: string; children: ReactNode; footer: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: colors.page, fontFamily: "Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" }}>
        <Container style={{ maxWidth: "560px", margin: "0 auto" }}>
          <Text style={{ color: colors.brand, fontSize: "14px", fontWeight: 700, letterSpacing: "0.04em", margin: "0 0 12px" }}>
            DISCOUNTS
          </Text>
          <Section
            style={{
              backgroundColor: "#ffffff",
              border: `1px solid ${colors.border}`,
              borderRadius: "12px",
              padding: "28px 32px",
            }}
          >
            {children}
          </Section>
          <Hr style={{ borderColor: colors.border, margin: "24px 0 12px" }} />
          <Section style={{ color: colors.faint, fontSize: "12px", lineHeight: "18px" }}>{footer}</Section>
        </Container>
      </Body>
    </Html>
  );
}

/** The one call to action of an email. */
export function PrimaryButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Button
      href={href}
      style={{
        backgroundColor: colors.brand,
        borderRadius: "8px",
        color: "#ffffff",
        fontSize: "15px",
        fontWeight: 600,
        padding: "12px 20px",
        textDecoration: "none",
      }}
    >
      {children}
    </Button>
  );
}
