// Mean firing rate of a run of programs/cuba/cuba.snn over the free phase (after the 50-step
// kick that sets random initial voltages): `npx tsx programs/cuba/measure.ts DIR` after
// `snn run programs/cuba/cuba.snn --out DIR`. It reads the spike file and prints; nothing else.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SpikeTrain } from "../../cli/eval/index.ts";
import { tolerateClosedPipes } from "../../cli/exit.ts";

/** Last step of the kick phase. */
export const KICK_STEPS = 50;

/** Mean rate in Hz (dt = 1 ms) of neurons lo..hi over steps from..to (inclusive). */
export function meanRateHz(
  s: SpikeTrain,
  from: number,
  to: number,
  lo: number,
  hi: number,
): number {
  let n = 0;
  for (let k = 0; k < s.index.length; k++) {
    const t = s.time[k]!;
    const i = s.index[k]!;
    if (t >= from && t <= to && i >= lo && i <= hi) n++;
  }
  return n / (hi - lo + 1) / ((to - from + 1) / 1000);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  tolerateClosedPipes();
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: npx tsx programs/cuba/measure.ts RUN_DIR");
    process.exit(2);
  }
  const s = JSON.parse(readFileSync(join(dir, "spikes/cells.json"), "utf8")) as SpikeTrain;
  const steps = Math.max(...Array.from(s.time));
  const from = KICK_STEPS + 1;
  const all = meanRateHz(s, from, steps, 0, 3999);
  const exc = meanRateHz(s, from, steps, 0, 3199);
  const inh = meanRateHz(s, from, steps, 3200, 3999);
  console.log(
    `free phase steps ${from}..${steps}: mean rate ${all.toFixed(2)} Hz (excitatory ${exc.toFixed(2)}, inhibitory ${inh.toFixed(2)})`,
  );
}
