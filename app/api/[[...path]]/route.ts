// /api/** that no other route serves — 404 `not_found` problem+json for every method (API.md),
// instead of Next's HTML 404 page. Next prefers static and more specific routes, so
// /api/auth/[...nextauth], /api/inngest and every /api/v1 route still win.
import { notFoundMethods } from "@/lib/http/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = notFoundMethods();
