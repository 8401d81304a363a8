"use server";

import { signOut } from "@/auth";

/** Ends the session (a POST from the user menu's form, so no link or prefetch can sign anyone out). */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
