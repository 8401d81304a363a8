"use client";
// The interactive reference: Swagger UI (swagger-ui-react's package) over the OpenAPI document
// the API serves, bundled with the app — no CDN.
//
// Why not `<SwaggerUI>` from "swagger-ui-react": in the browser it builds on swagger-client's
// ESM sources, which Turbopack mis-bundles — every OpenAPI 3.1 operation then hangs on a spinner
// with "refract is not a function" (vercel/next.js#86507, swagger-api/swagger-ui#10599). The same
// package ships Swagger UI prebuilt (swagger-ui-es-bundle.js, its dependencies included), which
// is loaded here on demand; its exports map hides the file, hence the path.
import { useEffect, useRef, useState } from "react";
import "swagger-ui-react/swagger-ui.css";
import "./swagger-contrast.css";
import { Spinner } from "@/components/ui";

type SwaggerUIBundle = (options: Record<string, unknown>) => unknown;

export function ApiReference({ url }: { url: string }) {
  const node = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");

  useEffect(() => {
    let cancelled = false;
    let observer: MutationObserver | undefined;
    // @ts-expect-error -- a prebuilt bundle without type declarations
    import("../../../node_modules/swagger-ui-react/swagger-ui-es-bundle.js")
      .then((mod: { default: SwaggerUIBundle }) => {
        if (cancelled || !node.current) return;
        mod.default({
          domNode: node.current,
          url,
          docExpansion: "list",
          defaultModelsExpandDepth: 0,
          displayRequestDuration: true,
          tryItOutEnabled: false,
          deepLinking: false,
        });
        setState("ready");
        // Swagger UI renders its server picker inside an empty <label>: no accessible name.
        // Name every select it renders (now or on a later re-render) for screen readers.
        const label = () => {
          for (const select of node.current?.querySelectorAll<HTMLSelectElement>("select:not([aria-label])") ?? []) {
            select.setAttribute("aria-label", select.id === "servers" ? "Server" : "Option");
          }
        };
        observer = new MutationObserver(label);
        observer.observe(node.current, { childList: true, subtree: true });
        label();
      })
      .catch(() => !cancelled && setState("failed"));
    return () => {
      cancelled = true;
      observer?.disconnect();
    };
  }, [url]);

  return (
    <div aria-busy={state === "loading"}>
      {state === "loading" ? (
        <p className="flex items-center gap-2 p-6 text-sm text-neutral-600">
          <Spinner /> Loading the API reference…
        </p>
      ) : null}
      {state === "failed" ? (
        <p role="alert" className="p-6 text-sm text-red-700">
          The reference could not be loaded. The OpenAPI document is at <a className="underline" href={url}>{url}</a>.
        </p>
      ) : null}
      <div ref={node} />
    </div>
  );
}
