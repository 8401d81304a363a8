// The notice a brand's admins get when a shopper redeems one of the brand's codes: who, which
// code, when, and what it cost the brand.
import { Column, Heading, Row, Section, Text } from "@react-email/components";
import { colors, EmailLayout, PrimaryButton } from "./components/layout";
import { formatMoney } from "../lib/cart/format";
import { formatInstant } from "./format";

export interface UsageNoticeProps {
  adminName: string;
  brandName: string;
  shopperName: string;
  shopperEmail: string;
  code: string;
  /** What the code takes off, in words: "15% off", "€5.00 off". */
  offer: string;
  usedAt: Date;
  /** A confirmed use (the default), or one reversed for a cancelled or refunded order. */
  event?: "confirmed" | "reversed";
  reason?: string | null;
  /** The amounts of the order, when the checkout sent a cart or an amount. */
  pricing: {
    currency: string;
    subtotal: number;
    eligibleSubtotal: number;
    discountAmount: number;
    total: number;
  } | null;
  dashboardUrl: string;
}

export function usageNoticeSubject(p: Pick<UsageNoticeProps, "code" | "shopperName" | "event">): string {
  return p.event === "reversed" ? `A use of code ${p.code} by ${p.shopperName} was reversed` : `Code ${p.code} was used by ${p.shopperName}`;
}

function Line({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  const style = { color: colors.text, fontSize: "15px", lineHeight: "24px", margin: 0, fontWeight: strong ? 700 : 400 };
  return (
    <Row>
      <Column style={{ width: "60%" }}>
        <Text style={{ ...style, color: colors.muted, fontWeight: 400 }}>{label}</Text>
      </Column>
      <Column style={{ textAlign: "right" }}>
        <Text style={style}>{value}</Text>
      </Column>
    </Row>
  );
}

export default function UsageNotice(p: UsageNoticeProps) {
  const money = (n: number) => formatMoney(n, { currency: p.pricing!.currency });
  return (
    <EmailLayout
      preview={
        p.event === "reversed"
          ? `${p.shopperName}'s use of ${p.code} was reversed; the use is given back`
          : `${p.shopperName} used ${p.code} (${p.offer}) at ${formatInstant(p.usedAt)}`
      }
      footer={<Text style={{ margin: 0 }}>{`You get this email as an admin of ${p.brandName} on Discounts.`}</Text>}
    >
      <Text style={{ color: colors.muted, fontSize: "15px", margin: "0 0 8px" }}>{`Hi ${p.adminName},`}</Text>
      <Heading as="h1" style={{ color: colors.text, fontSize: "22px", lineHeight: "30px", margin: "0 0 16px" }}>
        {p.event === "reversed" ? `A use of ${p.code} was reversed` : `${p.code} was just used`}
      </Heading>
      <Section style={{ margin: "0 0 20px" }}>
        <Line label="Shopper" value={`${p.shopperName} <${p.shopperEmail}>`} />
        <Line label="Code" value={`${p.code} (${p.offer})`} />
        <Line label="Used at" value={formatInstant(p.usedAt)} />
        {p.event === "reversed" ? <Line label="Reversed" value={p.reason ? `Yes — ${p.reason}` : "Yes (order cancelled or refunded)"} /> : null}
      </Section>
      {p.pricing ? (
        <Section style={{ borderTop: `1px solid ${colors.border}`, padding: "12px 0 0", margin: "0 0 24px" }}>
          <Line label="Order subtotal" value={money(p.pricing.subtotal)} />
          <Line label={`Eligible (${p.brandName} products)`} value={money(p.pricing.eligibleSubtotal)} />
          <Line label="Discount given" value={`−${money(p.pricing.discountAmount)}`} strong />
          <Line label="Order total" value={money(p.pricing.total)} />
        </Section>
      ) : (
        <Text style={{ color: colors.muted, fontSize: "14px", margin: "0 0 24px" }}>
          The checkout did not report order amounts for this use.
        </Text>
      )}
      <PrimaryButton href={p.dashboardUrl}>Open the dashboard</PrimaryButton>
    </EmailLayout>
  );
}

UsageNotice.PreviewProps = {
  adminName: "Ada",
  brandName: "Acme Outfitters",
  shopperName: "Sam Shopper",
  shopperEmail: "shopper@example.com",
  code: "WELCOME10",
  offer: "10% off",
  usedAt: new Date("2026-03-14T15:09:26Z"),
  pricing: { currency: "EUR", subtotal: 12700, eligibleSubtotal: 10800, discountAmount: 1080, total: 11620 },
  dashboardUrl: "http://localhost:3000/dashboard",
} satisfies UsageNoticeProps;
