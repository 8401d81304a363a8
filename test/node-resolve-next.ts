// next-auth's ESM imports `next/server` and `next/headers` without an extension. Next's bundler
// resolves those, but under vitest next-auth is loaded by plain Node, whose ESM resolver does not
// (next has no "exports" map). This resolve hook adds the `.js` for those imports only, so tests can
// load auth.ts and the /api/auth route. Equivalent config fix: `server.deps.inline: ["next-auth"]`
// in vitest.config.ts, after which this file can go.
import { register } from "node:module";

const hook = `
export async function resolve(specifier, context, nextResolve) {
  if (/^next\\/(server|headers|navigation)$/.test(specifier) && context.parentURL && context.parentURL.includes("/node_modules/next-auth/")) {
    return nextResolve(specifier + ".js", context);
  }
  return nextResolve(specifier, context);
}`;

const g = globalThis as unknown as { __nextResolveHook?: boolean };
if (!g.__nextResolveHook) {
  g.__nextResolveHook = true;
  register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url);
}
