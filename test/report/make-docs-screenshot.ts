// Makes the screenshots in docs/images/ from a real run directory: builds the report, opens it
// in headless Chromium and saves the chosen parts as docs/images/report-<part>.png. Parts are
// "overview" (header, summary and chip map) or a section id of the page (cores, spikes,
// traces, weights, learning, compile); default: overview,cores,spikes.
// Usage: npx tsx test/report/make-docs-screenshot.ts RUN_DIR [COMPILE_REPORT.json|-] [PARTS]
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildReport } from "../../cli/report/build-report.ts";
import { loadCompileReport } from "../../cli/report/load-compile-report.ts";
import { loadRunDir } from "../../cli/report/load-run-dir.ts";
import { openReport } from "./browser.ts";

const [runDir, compileReport, partList] = process.argv.slice(2);
if (!runDir) {
  process.stderr.write(
    "usage: npx tsx test/report/make-docs-screenshot.ts RUN_DIR [COMPILE_REPORT.json|-] [PARTS]\n",
  );
  process.exit(2);
}
const parts = (partList ?? "overview,cores,spikes").split(",");
const run = loadRunDir(runDir);
if (compileReport && compileReport !== "-") run.compile = loadCompileReport(compileReport);
const file = join(mkdtempSync(join(tmpdir(), "snn-docs-shot-")), "report.html");
writeFileSync(file, await buildReport(run));
const r = await openReport(file);
try {
  if (r.errors.length > 0) throw new Error(`the report logged errors: ${r.errors.join("; ")}`);
  const images = join(import.meta.dirname, "..", "..", "docs", "images");
  // The sticky navigation bar would cover the top of element screenshots.
  await r.page.addStyleTag({ content: "nav{position:static}" });
  for (const part of parts) {
    const path = join(images, `report-${part}.png`);
    if (part === "overview") {
      // Header, summary and the chip map (down to the end of its section).
      const chipBottom = await r.page.evaluate(
        "(() => { const b = document.querySelector('#chip').getBoundingClientRect(); return b.bottom + window.scrollY; })()",
      );
      await r.page.screenshot({
        path,
        fullPage: true,
        clip: { x: 0, y: 0, width: 1280, height: Math.ceil(Number(chipBottom)) + 8 },
      });
    } else {
      await r.page.locator(`section#${part}`).screenshot({ path });
    }
    process.stderr.write(`wrote ${path}\n`);
  }
} finally {
  await r.close();
}
