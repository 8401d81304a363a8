// /api/auth/* — next-auth's own endpoints (sign-in callback, sign-out, session, csrf).
import { handlers } from "@/auth";

export const { GET, POST } = handlers;
