// /api/auth/* — next-auth's own endpoints (sign-in callback, sign-out, session, csrf).
import { handlers } from "@/auth";
import { otherMethods } from "@/lib/http/methods";

export const { GET, POST } = handlers;
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
