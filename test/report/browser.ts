// Opens a report HTML file in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core) and collects console errors and page errors, for the browser test and for
// the docs screenshot script. A fresh user-data dir per launch keeps runs independent.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface OpenedReport {
  page: Page;
  /** Console messages of type error and uncaught page errors, in order. */
  errors: string[];
  /** Requests the page made to anything but its own file (must stay empty: no network). */
  requests: string[];
  close: () => Promise<void>;
}

export async function openReport(htmlFile: string, width = 1280): Promise<OpenedReport> {
  const profile = mkdtempSync(join(tmpdir(), "snn-chromium-"));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport: { width, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const requests: string[] = [];
  const self = pathToFileURL(htmlFile).href;
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => {
    if (r.url() !== self) requests.push(r.url());
  });
  await page.goto(self, { waitUntil: "load" });
  return {
    page,
    errors,
    requests,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
