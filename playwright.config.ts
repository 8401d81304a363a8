import { defineConfig, devices } from "@playwright/test";

// Browsers cannot be downloaded here: use Debian's Chromium (NOTES.md).
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = process.env.E2E_DATA_DIR ?? ".data/e2e";
// e2e/widget.spec.ts serves examples/widget.html from this second origin; the app must allow it (CORS).
const widgetOrigin = `http://127.0.0.1:${port + 1}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  // The product as a newcomer runs it (`npm start`), on its own fresh embedded data folder.
  webServer: {
    command: `rm -rf ${dataDir} && npx tsx scripts/start.ts`,
    url: `${baseURL}/api/v1/health`,
    // Specs create many codes of the demo brands; each spec that waits for an announcement must get
    // one whatever ran before it (the default allows 3 per brand per 24 h).
    env: { PORT: String(port), DATA_DIR: dataDir, APP_URL: baseURL, NEXT_TELEMETRY_DISABLED: "1", ALLOWED_ORIGINS: widgetOrigin, ANNOUNCEMENTS_PER_BRAND_PER_DAY: "1000" },
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
