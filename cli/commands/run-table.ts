// The text `snn run` prints: one row per core (cli-table3), totals, chip time and energy per
// step, each energy labelled an estimate with its cost profile. Pure formatting: no I/O.
import Table from "cli-table3";
import type { RunResult } from "../../emulator/index.ts";

const int = (n: number) => Math.round(n).toLocaleString("en-US");

/** Energy in the largest unit that keeps the number readable. */
export function formatEnergy(pj: number): string {
  if (pj >= 1e9) return `${(pj / 1e9).toFixed(2)} mJ`;
  if (pj >= 1e6) return `${(pj / 1e6).toFixed(2)} uJ`;
  if (pj >= 1e3) return `${(pj / 1e3).toFixed(2)} nJ`;
  return `${pj.toFixed(1)} pJ`;
}

function memory(m: Record<string, [number, number]>): string {
  const c = m.compartments;
  const s = m.synapseMemoryBits;
  const parts: string[] = [];
  if (c) parts.push(`${c[0]}/${c[1]} cx`);
  if (s) parts.push(`${((100 * s[0]) / Math.max(1, s[1])).toFixed(0)}% syn`);
  return parts.join(", ");
}

export function renderRunTable(r: RunResult): string {
  const st = r.stats;
  const est = `(estimate, cost profile ${st.costProfile})`;
  const t = new Table({
    head: [
      "core",
      "tile",
      "cycles total",
      "max step",
      "energy",
      "spikes in",
      "spikes out",
      "syn ops",
      "neuron upd",
      "learn upd",
      "NoC hops",
      "memory",
    ],
    style: { head: [], border: [] },
  });
  for (const c of st.cores) {
    t.push([
      String(c.core),
      `${c.tile[0]},${c.tile[1]}${c.chip > 0 ? ` (chip ${c.chip})` : ""}`,
      int(c.cycles.total),
      int(c.cycles.maxStep),
      formatEnergy(c.energyPj),
      int(c.spikesIn),
      int(c.spikesOut),
      int(c.synOps),
      int(c.neuronUpdates),
      int(c.learnUpdates),
      int(c.nocHops),
      memory(c.memory),
    ]);
  }
  const tot = st.totals;
  t.push([
    "total",
    "",
    int(tot.cycles.total),
    int(tot.cycles.maxStep),
    formatEnergy(tot.energyPj),
    int(tot.spikesIn),
    int(tot.spikesOut),
    int(tot.synOps),
    int(tot.neuronUpdates),
    int(tot.learnUpdates),
    int(tot.nocHops),
    "",
  ]);
  const lines = [
    `${r.name}: ${st.steps} steps on ${st.profile}, model ${st.model}, seed ${st.seed}`,
    t.toString(),
  ];
  if (st.model === "bit-exact") {
    lines.push(
      `chip time per step: ${int(st.chip.cyclesPerStep)} cycles = ${st.chip.timePerStepNs.toFixed(1)} ns (slowest core + NoC + barrier; largest step ${int(st.chip.maxStepCycles)} cycles)`,
      `energy per step: ${formatEnergy(st.chip.energyPerStepPj)} ${est}; total ${formatEnergy(st.chip.energyTotalPj)} ${est}`,
      `NoC: ${int(tot.nocHops)} hops, ${int(st.chip.nocContentionCycles)} cycles of link contention (${int(st.chip.nocContendedMessages)} messages waited)`,
    );
  } else {
    lines.push("reference model: floating point, no cycle or energy accounting");
  }
  if (st.hostLearning.calls > 0) {
    lines.push(
      `host learning (off-chip, counted apart): ${st.hostLearning.calls} calls, ${st.hostLearning.writes} weight writes`,
    );
  }
  if (r.evaluation) {
    const e = r.evaluation;
    // Epochs counted from 1 as people count them (the JSON files count from 0).
    const tr = e.trainEpochs.at(-1);
    lines.push(
      `readout ${e.population} (${e.phase}): ${tr ? `train epoch ${tr.epoch + 1} ${(100 * tr.accuracy).toFixed(1)}%, ` : ""}test ${(100 * e.test.accuracy).toFixed(1)}% (${e.test.correct}/${e.test.total})`,
    );
  }
  return `${lines.join("\n")}\n`;
}
