// /checkout — the shopper's cart, the discount widget and the order summary (signed-in users;
// proxy.ts sends everyone else to sign in and back).
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Checkout } from "@/components/checkout/checkout";
import { getViewer } from "@/components/session";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage() {
  const viewer = await getViewer();
  if (!viewer) redirect("/sign-in?callbackUrl=/checkout");
  return (
    <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <PageHeader
        title="Checkout"
        description={`Signed in as ${viewer.email}. Have a discount code? Check it to see its brand and terms, then apply it.`}
        back={{ href: "/shop", label: "Back to shop" }}
      />
      <Checkout userId={viewer.id} />
    </main>
  );
}
