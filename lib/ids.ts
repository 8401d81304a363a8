// Prefixed, time-sortable ids (`usr_01JD…`): the prefix says what an id is, the first 10
// characters sort by creation time so ids double as stable cursors. A discount code's public id
// is different on purpose: the SHA-256 of its normalised string (see lib/discounts/code.ts).
import { randomBytes } from "node:crypto";

const prefixes = {
  user: "usr",
  brand: "brd",
  token: "tok",
  usage: "use",
  product: "prd",
  message: "msg",
  request: "req",
  order: "ord",
  batch: "bat",
  webhook: "we",
  event: "evt",
  delivery: "dlv",
} as const;

export type IdKind = keyof typeof prefixes;

// Crockford base32: no I, L, O, U; sorts in the same order as the numbers it encodes.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function encodeTime(ms: number): string {
  let out = "";
  let n = ms;
  for (let i = 0; i < 10; i++) {
    out = alphabet[n % 32] + out;
    n = Math.floor(n / 32);
  }
  return out;
}

function encodeRandom(bytes: Buffer): string {
  let out = "";
  for (const b of bytes) out += alphabet[b % 32];
  return out;
}

// Random bytes are drawn from the CSPRNG in blocks (one call per 256 ids, not one per id: every
// request makes a few ids, starting with its request id).
const BLOCK = 4096;
let pool: Buffer = Buffer.alloc(0);
let offset = 0;

function random16(): Buffer {
  if (offset + 16 > pool.length) {
    pool = randomBytes(BLOCK);
    offset = 0;
  }
  offset += 16;
  return pool.subarray(offset - 16, offset);
}

export function newId(kind: IdKind, now: number = Date.now()): string {
  return `${prefixes[kind]}_${encodeTime(now)}${encodeRandom(random16())}`;
}
