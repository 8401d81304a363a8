// GET /api/v1/openapi.json — the OpenAPI 3.1 document of the API, generated from the zod schemas.
import { json, withPublic } from "@/lib/http";
import { openApiDocument } from "@/lib/openapi/document";
import { otherMethods } from "@/lib/http/methods";

export const GET = withPublic({}, async () =>
  json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } }),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
