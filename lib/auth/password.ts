// Passwords are stored as argon2id hashes (OWASP's first choice), never in any other form.
import "server-only";
import { hash, verify } from "@node-rs/argon2";

// argon2id (algorithm 2) with OWASP's minimum: 19 MiB, 2 passes, 1 lane.
const options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** The password port of the accounts domain, backed by argon2id. */
export const argon2Passwords = { hash: hashPassword, verify: verifyPassword };
