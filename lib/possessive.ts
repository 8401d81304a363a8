// The possessive of a name in English: "Northwind Supply’s", but "Acme Outfitters’" (a name
// that ends in s takes the apostrophe alone, as plural-looking brand names do).
export function possessive(name: string, apostrophe: "’" | "'" = "’"): string {
  return /s$/i.test(name.trim()) ? `${name.trim()}${apostrophe}` : `${name.trim()}${apostrophe}s`;
}
