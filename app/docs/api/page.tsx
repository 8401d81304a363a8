// /docs/api — the API reference: Scalar over GET /api/v1/openapi.json (generated from the
// same zod schemas that validate requests), and the error codes every problem+json `type` links to.
import type { Metadata } from "next";
import { Card, PageHeader, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import { errorCodes, type ErrorCode } from "@/lib/errors";
import { ApiReference } from "./api-reference";

export const metadata: Metadata = {
  title: "API reference",
  description: "The Discounts REST API: create, look up and redeem discount codes; accounts and tokens.",
};

const OPENAPI_URL = "/api/v1/openapi.json";

export default function ApiReferencePage() {
  const codes = Object.entries(errorCodes) as [ErrorCode, (typeof errorCodes)[ErrorCode]][];
  return (
    // Scalar renders the page's one <main>, the reference itself (a <main> inside ours would be two,
    // nested); the title and the error codes are labelled regions beside it.
    <div className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <section aria-label="API reference">
        <PageHeader
          eyebrow="REST API v1"
          title="API reference"
          description={
            <>
              JSON in, JSON out. Authenticate with a session or <code className="font-mono">Authorization: Bearer &lt;token&gt;</code> (
              <code className="font-mono">POST /api/v1/auth/token</code>). Errors are{" "}
              <code className="font-mono">application/problem+json</code> with a stable <code className="font-mono">code</code>. The OpenAPI
              3.1 document:{" "}
              <a className="font-medium text-accent-ink underline underline-offset-2" href={OPENAPI_URL}>
                {OPENAPI_URL}
              </a>
              .
            </>
          }
        />
      </section>

      <div className="mt-8 overflow-hidden rounded-xl border border-line bg-surface text-fg shadow-card">
        <ApiReference url={OPENAPI_URL} />
      </div>

      <section aria-labelledby="error-codes" className="mt-10">
        <h2 id="error-codes" className="text-lg font-semibold text-fg">
          Error codes
        </h2>
        <p className="mt-1 max-w-2xl text-sm text-fg-muted">
          Every problem&apos;s <code className="font-mono">type</code> points here. Clients should branch on{" "}
          <code className="font-mono">code</code>, never on <code className="font-mono">detail</code>.
        </p>
        <Card className="mt-4">
          <Table label="Error codes with their status">
            <THead>
              <TR>
                <TH>code</TH>
                <TH>status</TH>
                <TH>meaning</TH>
              </TR>
            </THead>
            <TBody>
              {codes.map(([code, { status, title }]) => (
                <TR key={code} id={`error-${code}`} className="target:bg-accent-soft">
                  <TD className="font-mono text-fg">{code}</TD>
                  <TD className="tabular-nums text-fg-muted">{status}</TD>
                  <TD className="text-fg-muted">{title}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      </section>
    </div>
  );
}
