// The link a new account (or a resend) gets to prove its email address. A button and the plain
// link (for clients that block buttons), when it stops working, and what it unlocks.
import { Heading, Link, Text } from "@react-email/components";
import { colors, EmailLayout, PrimaryButton } from "./components/layout";
import { formatInstant } from "./format";

export interface EmailVerificationProps {
  recipientName: string;
  verifyUrl: string;
  expiresAt: Date;
  role: "shopper" | "brand";
}

export const emailVerificationSubject = "Confirm your email address";

export default function EmailVerification(p: EmailVerificationProps) {
  const unlocks =
    p.role === "brand"
      ? "Once it is confirmed, you can create discount codes for your brand."
      : "Once it is confirmed, we can email you new discount codes from brands.";
  return (
    <EmailLayout
      preview={`Confirm your email address — the link works until ${formatInstant(p.expiresAt)}`}
      footer={
        <Text style={{ margin: 0 }}>
          You get this email because this address was used to create an account on Discounts. If that was not you, ignore it: nothing
          happens without the click.
        </Text>
      }
    >
      <Text style={{ color: colors.muted, fontSize: "15px", margin: "0 0 8px" }}>{`Hi ${p.recipientName},`}</Text>
      <Heading as="h1" style={{ color: colors.text, fontSize: "22px", lineHeight: "30px", margin: "0 0 16px" }}>
        Confirm your email address
      </Heading>
      <Text style={{ color: colors.text, fontSize: "15px", lineHeight: "24px", margin: "0 0 20px" }}>{unlocks}</Text>
      <PrimaryButton href={p.verifyUrl}>Confirm my email</PrimaryButton>
      <Text style={{ color: colors.muted, fontSize: "13px", lineHeight: "20px", margin: "20px 0 4px" }}>
        Or open this link:
      </Text>
      <Text style={{ fontSize: "13px", lineHeight: "20px", margin: "0 0 16px", wordBreak: "break-all" }}>
        <Link href={p.verifyUrl} style={{ color: colors.brand }}>
          {p.verifyUrl}
        </Link>
      </Text>
      <Text style={{ color: colors.muted, fontSize: "13px", lineHeight: "20px", margin: 0 }}>
        {`The link works until ${formatInstant(p.expiresAt)}.`}
      </Text>
    </EmailLayout>
  );
}

EmailVerification.PreviewProps = {
  recipientName: "Ada",
  verifyUrl: "http://localhost:3000/verify-email?token=example-token",
  expiresAt: new Date("2026-03-03T12:00:00Z"),
  role: "brand",
} satisfies EmailVerificationProps;
