"use client";

// An email's own HTML, isolated in a frame and as tall as the email (no second scrollbar; the
// footer with its unsubscribe link is always in view of the page). The sandbox allows no scripts,
// so nothing in the email runs; `allow-same-origin` only lets this page read the frame's height.
// Links open in a new tab.
import { useCallback, useEffect, useRef } from "react";

/** Before the email has loaded (and if it cannot be measured): a height that shows its start. */
const FALLBACK_HEIGHT = "60vh";

export function EmailFrame({ title, html }: { title: string; html: string }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const fit = useCallback(() => {
    const frame = ref.current;
    const doc = frame?.contentDocument;
    if (!frame || !doc?.documentElement) return;
    // Measured at its natural height: the email may be shorter than the frame was.
    frame.style.height = "0px";
    const height = Math.ceil(Math.max(doc.documentElement.scrollHeight, doc.body?.scrollHeight ?? 0));
    frame.style.height = height > 0 ? `${height}px` : FALLBACK_HEIGHT;
  }, []);

  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    // The email reflows when the frame's width changes (a narrower window wraps more lines).
    let width = frame.clientWidth;
    const observer = new ResizeObserver(() => {
      if (frame.clientWidth === width) return;
      width = frame.clientWidth;
      fit();
    });
    observer.observe(frame);
    // A frame that finished loading before hydration has already fired its load event.
    if (frame.contentDocument?.readyState === "complete") fit();
    return () => observer.disconnect();
  }, [fit, html]);

  return (
    <iframe
      ref={ref}
      title={title}
      srcDoc={html}
      onLoad={fit}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      style={{ height: FALLBACK_HEIGHT }}
      className="block w-full bg-white"
    />
  );
}
