// A product's picture: the demo catalogue has no photos, so each product gets a drawn
// illustration on its brand's colour, chosen from its SKU. Decorative (the name is beside it).
import { cn } from "@/components/ui/cn";

const palettes = [
  "bg-lime-100 text-lime-800 dark:bg-lime-500/15 dark:text-lime-300",
  "bg-teal-100 text-teal-800 dark:bg-teal-500/15 dark:text-teal-300",
  "bg-violet-100 text-violet-800 dark:bg-violet-500/15 dark:text-violet-300",
  "bg-rose-100 text-rose-800 dark:bg-rose-500/15 dark:text-rose-300",
  "bg-sky-100 text-sky-800 dark:bg-sky-500/15 dark:text-sky-300",
  "bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300",
];

/** A stable colour per brand (by name, so it is the same on every page and in every run). */
export function brandPalette(brandName: string): string {
  let h = 0;
  for (const ch of brandName) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return palettes[h % palettes.length]!;
}

const drawings: { re: RegExp; draw: React.ReactNode }[] = [
  { re: /HOOD/, draw: <>
    <path d="M24 14c0-6 16-6 16 0" />
    <path d="M24 14 12 22l-2 24 7 1 3-17v24h24V30l3 17 7-1-2-24-12-8c-1 4-4 6-8 6s-7-2-8-6Z" />
    <path d="M25 42h14l-2 7H27Z" />
  </> },
  { re: /TEE|SHIRT/, draw: <path d="M22 12 11 18l4 10 7-3v27h20V25l7 3 4-10-11-6c-2 4-5 6-10 6s-8-2-10-6Z" /> },
  { re: /CAP|HAT/, draw: <>
    <path d="M12 40c0-14 9-22 20-22s20 8 20 22Z" />
    <path d="M52 40c5 0 9 2 9 4-8 3-21 1-25-4" />
    <path d="M32 18v22" />
    <circle cx="32" cy="16" r="2" />
  </> },
  { re: /SOCK/, draw: <>
    <path d="M20 10h13v25l10 8c4 3 3 11-3 11H27c-4 0-7-3-7-7Z" />
    <path d="M20 18h13M20 22h13" />
  </> },
  { re: /BOTTLE|FLASK/, draw: <>
    <rect x="26" y="7" width="12" height="6" rx="1.5" />
    <path d="M24 18c0-3 2-5 4-5h8c2 0 4 2 4 5v36c0 2-2 4-4 4h-8c-2 0-4-2-4-4Z" />
    <path d="M24 28h16M24 46h16" />
  </> },
  { re: /PACK|BAG/, draw: <>
    <path d="M28 11c0-4 8-4 8 0" />
    <path d="M17 21c0-6 7-10 15-10s15 4 15 10v31c0 3-2 4-4 4H21c-2 0-4-1-4-4Z" />
    <path d="M23 35h18v12H23ZM23 39h18" />
  </> },
  { re: /LAMP|LANTERN|LIGHT/, draw: <>
    <path d="M26 12c0-6 12-6 12 0" />
    <path d="M22 12h20l-2 6H24Z" />
    <path d="M24 18h16v28H24Z" />
    <path d="M22 46h20v6H22Z" />
    <path d="M32 25c3 4 3 8 0 11-3-3-3-7 0-11Z" />
  </> },
];

export function ProductArt({ sku, brandName, className }: { sku: string; brandName: string; className?: string }) {
  const drawing = drawings.find((d) => d.re.test(sku.toUpperCase()))?.draw ?? (
    <path d="M14 30V17a3 3 0 0 1 3-3h13l20 20-16 16Z" />
  );
  return (
    <div className={cn("relative flex items-center justify-center overflow-hidden", brandPalette(brandName), className)} aria-hidden="true">
      <svg viewBox="0 0 64 64" className="h-3/5 w-3/5" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinejoin="round" strokeLinecap="round">
        {drawing}
      </svg>
      <div className="pointer-events-none absolute inset-0 bg-[radial-gradient(circle_at_30%_20%,rgb(255_255_255/0.55),transparent_60%)] dark:bg-none" />
    </div>
  );
}
