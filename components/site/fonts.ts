// The app's typefaces: Geist and Geist Mono (SIL Open Font License), variable weight, self-hosted by
// next/font so no request leaves the site. The files ship with the pinned `next` package (its dev
// overlay uses them); a `next` upgrade that moves them fails the build loudly rather than silently.
import localFont from "next/font/local";

export const sans = localFont({
  src: "../../node_modules/next/dist/next-devtools/server/font/geist-latin.woff2",
  weight: "100 900",
  variable: "--font-geist",
  display: "swap",
  fallback: ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
});

export const mono = localFont({
  src: "../../node_modules/next/dist/next-devtools/server/font/geist-mono-latin.woff2",
  weight: "100 900",
  variable: "--font-geist-mono",
  display: "swap",
  fallback: ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
});
