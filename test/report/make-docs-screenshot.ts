// Makes the screenshots in docs/images/ from a real run directory: builds the report, opens it
// in headless Chromium and saves the overview (summary and chip map), the core figures and the
// spike rasters as PNGs.
// Usage: npx tsx test/report/make-docs-screenshot.ts RUN_DIR [COMPILE_REPORT.json]
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildReport } from "../../cli/report/build-report.ts";
import { loadCompileReport } from "../../cli/report/load-compile-report.ts";
import { loadRunDir } from "../../cli/report/load-run-dir.ts";
import { openReport } from "./browser.ts";

const [runDir, compileReport] = process.argv.slice(2);
if (!runDir) {
  process.stderr.write(
    "usage: npx tsx test/report/make-docs-screenshot.ts RUN_DIR [COMPILE_REPORT.json]\n",
  );
  process.exit(2);
}
const run = loadRunDir(runDir);
if (compileReport) run.compile = loadCompileReport(compileReport);
const file = join(mkdtempSync(join(tmpdir(), "snn-docs-shot-")), "report.html");
writeFileSync(file, await buildReport(run));
const r = await openReport(file);
try {
  if (r.errors.length > 0) throw new Error(`the report logged errors: ${r.errors.join("; ")}`);
  const images = join(import.meta.dirname, "..", "..", "docs", "images");
  // The sticky navigation bar would cover the top of element screenshots.
  await r.page.addStyleTag({ content: "nav{position:static}" });
  // The overview: header, summary and the chip map (down to the end of its section).
  const chipBottom = await r.page.evaluate(
    "(() => { const b = document.querySelector('#chip').getBoundingClientRect(); return b.bottom + window.scrollY; })()",
  );
  await r.page.screenshot({
    path: join(images, "report-overview.png"),
    fullPage: true,
    clip: { x: 0, y: 0, width: 1280, height: Math.ceil(Number(chipBottom)) + 8 },
  });
  await r.page.locator("#cores").screenshot({ path: join(images, "report-cores.png") });
  await r.page.locator("#spikes").screenshot({ path: join(images, "report-spikes.png") });
  process.stderr.write(
    `wrote report-overview.png, report-cores.png and report-spikes.png in ${images}\n`,
  );
} finally {
  await r.close();
}
