// Who is looking at this page: the next-auth session (a JWT, no database) and, only when a page
// needs it, the brand they administer (one query through the accounts domain). Server-only.
import { cache } from "react";
import { auth } from "@/auth";
import { loadAccount } from "@/lib/accounts/load-account";
import type { Account } from "@/lib/accounts/types";
import { getDeps } from "@/lib/deps";

export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: "shopper" | "brand";
}

/** Once per request, however many components ask (React cache). */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await auth();
  const u = session?.user;
  if (!u?.id) return null;
  return { id: u.id, email: u.email, name: u.name, role: u.role };
});

export interface BrandViewer {
  viewer: Viewer;
  brand: { id: string; name: string };
  /** The caller as the domain functions take it (the same shape the API's pipeline builds). */
  account: Account;
}

/** The signed-in brand admin and their brand, or null (proxy.ts keeps others out of /dashboard). */
export const getBrandViewer = cache(async (): Promise<BrandViewer | null> => {
  const viewer = await getViewer();
  if (!viewer || viewer.role !== "brand") return null;
  const { db } = await getDeps();
  const account = await loadAccount(db, viewer.id);
  const brand = account?.user.role === "brand" ? account.brands[0] : undefined;
  return account && brand ? { viewer, brand, account } : null;
});
