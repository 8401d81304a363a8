// A brand's URL slug from its name: lower-case ASCII words joined by "-". Collisions get a
// numeric suffix at insert time (register.ts).
export function slugify(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "") // accents: "é" → "e", not "e-"
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 48) || "brand"
  );
}

/** The slugs to try, in order: `acme`, `acme-2`, `acme-3`, … */
export function slugCandidate(base: string, attempt: number): string {
  return attempt === 0 ? base : `${base}-${attempt + 1}`;
}
