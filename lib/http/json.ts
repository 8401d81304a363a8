// JSON responses: `json(data)`, `json(data, 201)` or `json(data, { status, headers })`.
export function json(data: unknown, init?: number | ResponseInit): Response {
  const opts: ResponseInit = typeof init === "number" ? { status: init } : (init ?? {});
  const headers = new Headers(opts.headers);
  if (!headers.has("content-type")) headers.set("content-type", "application/json");
  return new Response(JSON.stringify(data), { ...opts, headers });
}
