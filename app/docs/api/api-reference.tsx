"use client";
// The interactive reference: Scalar (@scalar/api-reference-react) over the OpenAPI document the
// API serves. Everything it needs is bundled with the app: no CDN, no web fonts (the site's own,
// through scalar-theme.css), no telemetry, no Scalar services (agent, MCP, developer tools,
// "open in client" links) and no request proxy — "try it" calls this origin directly.
import type { AnyApiReferenceConfiguration } from "@scalar/api-reference-react";
import "@scalar/api-reference-react/style.css";
import dynamic from "next/dynamic";
import { useMemo } from "react";
import { config as zodConfig } from "zod";
import { Spinner } from "@/components/ui";
import "./scalar-theme.css";

// Scalar validates its configuration with zod, whose first parse probes for eval (`Function("")`) to
// compile faster parsers. The CSP forbids eval, so the probe can only fail, and its failure is
// reported as a CSP violation; jitless skips the probe (zod's config is global, Scalar's copy too).
zodConfig({ jitless: true });

// Browser-only (it mounts a Vue app into the DOM), and in its own chunk, loaded by this page only.
const ApiReferenceReact = dynamic(() => import("@scalar/api-reference-react").then((m) => m.ApiReferenceReact), {
  ssr: false,
  loading: () => (
    <p className="flex items-center gap-2 p-6 text-sm text-fg-muted" aria-busy="true">
      <Spinner /> Loading the API reference…
    </p>
  ),
});

/**
 * "Try it" sends what the selected security scheme says. With the bearer scheme selected and no
 * token pasted, Scalar still sends `Authorization: Bearer` (empty), which the API refuses as a
 * malformed header; without it, the browser's same-origin session cookie authenticates the call.
 * So an empty bearer means "use my session".
 */
function sessionOrToken(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  if (!/^Bearer\s*$/i.test(request.headers.get("authorization") ?? "")) return fetch(request);
  const headers = new Headers(request.headers);
  headers.delete("authorization");
  return fetch(new Request(request, { headers }));
}

export function ApiReference({ url }: { url: string }) {
  const configuration = useMemo<AnyApiReferenceConfiguration>(
    () => ({
      url,
      layout: "classic",
      theme: "none",
      withDefaultFonts: false,
      telemetry: false,
      hideClientButton: true,
      showDeveloperTools: "never",
      agent: { disabled: true },
      mcp: { disabled: true },
      // It follows the OS colour scheme, as the site does (app/globals.css); no toggle of its own.
      hideDarkModeToggle: true,
      documentDownloadType: "none",
      defaultOpenAllTags: true,
      authentication: { preferredSecurityScheme: "bearerAuth" },
      customFetch: sessionOrToken,
    }),
    [url],
  );
  return <ApiReferenceReact configuration={configuration} />;
}
