import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  // One logger (lib/log, redacted): scripts and benches print through lib/log/report.ts.
  { rules: { "no-console": "error" } },
  { ignores: ["**/.next/**", "node_modules/**", ".data/**", "drizzle/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "public/widget.js"] },
];

export default config;
