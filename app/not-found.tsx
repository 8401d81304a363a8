// Every 404 — an unknown address, or a record the viewer may not see (another brand's code is
// answered as if it did not exist) — in our own frame and colours rather than Next's default page.
import type { Metadata } from "next";
import { StatusPage } from "@/components/site/status-page";
import { ButtonLink } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found", robots: { index: false } };

export default function NotFound() {
  return (
    <StatusPage
      status="404"
      title="Page not found"
      actions={
        <>
          <ButtonLink href="/">Back to the home page</ButtonLink>
          <ButtonLink href="/dashboard" variant="secondary">
            Brand dashboard
          </ButtonLink>
          <ButtonLink href="/shop" variant="ghost">
            Demo shop
          </ButtonLink>
        </>
      }
    >
      There is nothing at this address, or it is not yours to see. Check the link, or start again from one of these.
    </StatusPage>
  );
}
