import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Discounts — codes for marketplaces", template: "%s · Discounts" },
  description:
    "Discount codes for marketplace brands: created in a dashboard or over the API, redeemed exactly once at checkout, announced by email.",
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
