// The few icons the app uses, as inline SVG (no icon font, no extra package). Decorative by
// default: they are aria-hidden; the control around them carries the accessible name.
import type { SVGProps } from "react";

type IconProps = SVGProps<SVGSVGElement>;

function Outline({ children, ...props }: IconProps) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.7} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" {...props}>
      {children}
    </svg>
  );
}

export const TagIcon = (p: IconProps) => (
  <Outline {...p}>
    <path d="M3 11.2V4.5A1.5 1.5 0 0 1 4.5 3h6.7a1.5 1.5 0 0 1 1.06.44l8.3 8.3a1.5 1.5 0 0 1 0 2.12l-6.7 6.7a1.5 1.5 0 0 1-2.12 0l-8.3-8.3A1.5 1.5 0 0 1 3 11.2Z" />
    <circle cx="7.5" cy="7.5" r="1.25" />
  </Outline>
);
export const CartIcon = (p: IconProps) => (
  <Outline {...p}>
    <path d="M3 4h2l2.2 10.2a1.5 1.5 0 0 0 1.47 1.18h8.56a1.5 1.5 0 0 0 1.46-1.14L20.5 8H6.1" />
    <circle cx="9.5" cy="19.5" r="1.2" />
    <circle cx="17" cy="19.5" r="1.2" />
  </Outline>
);
export const KeyIcon = (p: IconProps) => (
  <Outline {...p}>
    <circle cx="8" cy="15" r="4" />
    <path d="m10.85 12.15 8.65-8.65M16 7l2.5 2.5M14 9l2 2" />
  </Outline>
);
export const ChartIcon = (p: IconProps) => (
  <Outline {...p}>
    <path d="M4 20V10M10 20V4M16 20v-7M21 20H3" />
  </Outline>
);
export const PlusIcon = (p: IconProps) => (
  <Outline {...p}>
    <path d="M12 5v14M5 12h14" />
  </Outline>
);
export const MinusIcon = (p: IconProps) => (
  <Outline {...p}>
    <path d="M5 12h14" />
  </Outline>
);
export const ArrowRightIcon = (p: IconProps) => (
  <Outline {...p}>
    <path d="M5 12h14M13 6l6 6-6 6" />
  </Outline>
);
export const CheckIcon = (p: IconProps) => (
  <Outline {...p}>
    <path d="m5 12.5 4.5 4.5L19 7.5" />
  </Outline>
);
export const DownloadIcon = (p: IconProps) => (
  <Outline {...p}>
    <path d="M12 4v11M7 10.5l5 5 5-5M4.5 19.5h15" />
  </Outline>
);
export const MailIcon = (p: IconProps) => (
  <Outline {...p}>
    <rect x="3" y="5" width="18" height="14" rx="2" />
    <path d="m4 7 8 6 8-6" />
  </Outline>
);
export const BellIcon = (p: IconProps) => (
  <Outline {...p}>
    <path d="M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15L6 16ZM10 20.5a2 2 0 0 0 4 0" />
  </Outline>
);
export const TrashIcon = (p: IconProps) => (
  <Outline {...p}>
    <path d="M4 7h16M9.5 7V4.5h5V7M6.5 7l.8 12.2A1.5 1.5 0 0 0 8.8 20.6h6.4a1.5 1.5 0 0 0 1.5-1.4L17.5 7M10 11v6M14 11v6" />
  </Outline>
);
export const BookIcon = (p: IconProps) => (
  <Outline {...p}>
    <path d="M4 5.5A1.5 1.5 0 0 1 5.5 4H19v14H5.5A1.5 1.5 0 0 0 4 19.5v-14ZM4 19.5A1.5 1.5 0 0 0 5.5 21H19v-3" />
  </Outline>
);
export const UserIcon = (p: IconProps) => (
  <Outline {...p}>
    <circle cx="12" cy="8" r="4" />
    <path d="M4.5 20.5a7.5 7.5 0 0 1 15 0" />
  </Outline>
);
export const LockIcon = (p: IconProps) => (
  <Outline {...p}>
    <rect x="5" y="10.5" width="14" height="10" rx="2" />
    <path d="M8 10.5V8a4 4 0 0 1 8 0v2.5" />
  </Outline>
);
export const BoltIcon = (p: IconProps) => (
  <Outline {...p}>
    <path d="M13 3 5 13.5h6L10 21l8-10.5h-6L13 3Z" />
  </Outline>
);
export const CodeIcon = (p: IconProps) => (
  <Outline {...p}>
    <path d="m8 8-4 4 4 4M16 8l4 4-4 4M13.5 5l-3 14" />
  </Outline>
);
export const ExternalIcon = (p: IconProps) => (
  <Outline {...p}>
    <path d="M14 4h6v6M20 4l-9 9M18 14v4.5a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 4 18.5v-11A1.5 1.5 0 0 1 5.5 6H10" />
  </Outline>
);

/** The product's mark: a tag with a percent sign. */
export function Logo({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="var(--color-brand-600)" />
      <path d="M9 17.2V10.5A1.5 1.5 0 0 1 10.5 9h6.7c.4 0 .78.16 1.06.44l5.3 5.3a1.5 1.5 0 0 1 0 2.12l-6.7 6.7a1.5 1.5 0 0 1-2.12 0l-5.3-5.3A1.5 1.5 0 0 1 9 17.2Z" fill="#fff" />
      <path d="m13.3 19.2 5-5" stroke="var(--color-brand-600)" strokeWidth="1.6" strokeLinecap="round" />
      <circle cx="13.6" cy="14.6" r="1.2" fill="var(--color-brand-600)" />
      <circle cx="17.9" cy="18.9" r="1.2" fill="var(--color-brand-600)" />
    </svg>
  );
}
