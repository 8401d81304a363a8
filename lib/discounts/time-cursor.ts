// An opaque keyset cursor for lists ordered by (time desc, id desc) — usages, orders: the last
// row's time in ms and its id, base64url. A cursor this API did not return is 422.
import { DomainError } from "../errors";

export function encodeTimeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.getTime()}:${id}`).toString("base64url");
}

/** The time and id a cursor names; `idPrefix` is the id kind it must carry (`use`, `ord`). */
export function decodeTimeCursor(cursor: string, idPrefix: string): { at: Date; id: string } {
  const m = /^(\d{1,15}):([a-z]{2,4}_[0-9A-Z]{26})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m || !m[2]!.startsWith(`${idPrefix}_`)) {
    throw new DomainError("validation_failed", "cursor: not a cursor this API returned", { errors: [{ path: "cursor", message: "not a cursor this API returned" }] });
  }
  return { at: new Date(Number(m[1])), id: m[2]! };
}
