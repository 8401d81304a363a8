"use client";

// An error in the root layout itself (the header failed too): this replaces the whole document,
// so it brings its own <html>, fonts and styles, and shows the same page as app/error.tsx.
import { mono, sans } from "@/components/site/fonts";
import ErrorPage from "./error";
import "./globals.css";

export default function GlobalError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en" className={`${sans.variable} ${mono.variable}`}>
      <body className="flex min-h-screen flex-col font-sans">
        <ErrorPage {...props} />
      </body>
    </html>
  );
}
