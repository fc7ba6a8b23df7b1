// What `snn run` shows on stderr while it runs: a progress bar (on a terminal, once a run has
// lasted a second) and, for a program with a readout, a line per training epoch as it ends (its
// online accuracy and the time so far; at most one a second), so that a long learning run shows
// whether it is learning while it runs; Ctrl-C then stops it and keeps its results (run.ts).
import { SingleBar } from "cli-progress";
import type { Prediction } from "../../emulator/index.ts";

/** "4.2 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const whole = Math.floor(s);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const pad = (x: number) => String(x).padStart(2, "0");
  return h > 0 ? `${h} h ${pad(m)} min` : `${m} min ${pad(whole % 60)} s`;
}

/** Time left at the run's average pace so far: `elapsedMs` for the steps from `fromStep` to
 *  `step`, `total - step` to go; "?" before the first step is done. The bar shows this instead
 *  of cli-progress's own estimate, which starts over whenever the bar is redrawn below an epoch
 *  line. */
export function timeLeft(elapsedMs: number, fromStep: number, step: number, total: number): string {
  if (step <= fromStep) return "?";
  return formatDuration((elapsedMs / (step - fromStep)) * Math.max(0, total - step));
}

/** An epoch line is written at most this often (the first and the last epoch always), so that
 *  a run of thousands of short epochs does not flood the log. */
export const EPOCH_LINE_MS = 1000;

/** Counts each training epoch's online predictions and hands a line to `write` when the epoch
 *  ends (the first prediction of the next epoch or of the test pass, or end()): for the first
 *  epoch, the last, and any other that ends EPOCH_LINE_MS or more after the previous line.
 *  Epochs are counted from 1 here, as people count them; predictions.json numbers them from 0. */
export function epochLog(
  epochs: number,
  write: (line: string) => void,
  now: () => number = () => performance.now(),
): { prediction: (p: Prediction) => void; end: () => void } {
  const start = now();
  let lastLine = Number.NEGATIVE_INFINITY;
  let epoch = -1;
  let correct = 0;
  let total = 0;
  const flush = (last: boolean) => {
    if (total === 0) return;
    const t = now();
    if (last || epoch === 0 || t - lastLine >= EPOCH_LINE_MS) {
      const pct = ((100 * correct) / total).toFixed(2);
      write(
        `epoch ${epoch + 1} of ${epochs}: online training accuracy ${pct} % (${correct}/${total}), ${formatDuration(t - start)} in`,
      );
      lastLine = t;
    }
    correct = 0;
    total = 0;
  };
  return {
    prediction: (p) => {
      if (p.test) return flush(true);
      if (p.epoch !== epoch) {
        flush(false);
        epoch = p.epoch;
      }
      total++;
      if (p.label >= 0 && p.predicted === p.label) correct++;
    },
    end: () => flush(true),
  };
}

/** The progress bar and the log lines of one run. Lines go to stderr; on a terminal the bar is
 *  stopped (which clears it), the line written and the bar started again below it. */
export function runProgress(epochs: number): {
  tick: (step: number, total: number) => void;
  prediction: (p: Prediction) => void;
  stop: () => void;
} {
  const tty = process.stderr.isTTY === true;
  const start = performance.now();
  let bar: SingleBar | null = null;
  let step = 0;
  let total = 0;
  // The first step seen (a resumed run starts past 0) and when: the pace of the time left.
  let fromStep = -1;
  let paceStart = 0;
  const left = () => ({ left: timeLeft(performance.now() - paceStart, fromStep, step, total) });
  const startBar = () => {
    bar = new SingleBar({
      stream: process.stderr,
      format: "running [{bar}] {value}/{total} steps | {left} left",
      clearOnComplete: true,
    });
    bar.start(total, step, left());
  };
  const log = epochLog(epochs, (line) => {
    const b: SingleBar | null = bar;
    b?.stop();
    process.stderr.write(`${line}\n`);
    if (b) startBar();
  });
  return {
    tick: (s, t) => {
      if (fromStep < 0) {
        fromStep = s;
        paceStart = performance.now();
      }
      step = s;
      total = t;
      if (!tty || ((s & 255) !== 0 && s !== t)) return;
      if (!bar && performance.now() - start > 1000) startBar();
      bar?.update(s, left());
    },
    prediction: log.prediction,
    stop: () => {
      bar?.stop();
      bar = null;
      log.end();
    },
  };
}
