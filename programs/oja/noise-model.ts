// A model of one level-1 neuron of concepts-noisy.snn, to see where the spread of the learned
// weights comes from: k = 4 children, each present with p = 0.8 in every presentation of the
// concept; the neuron is presented in a random 1/16 of the presentation slots (3 steps each).
// Each rule is run three ways: in float; with the chip's 7-bit factors (dithered to integers, as
// the neurons do) and stochastically rounded weights and tags; and with the weight's rounding
// only. Prints, over 300 neurons (1200 weights), the share of child weights within 5 % of
// 1/sqrt(k) (mantissa 128) and their rms error. docs/programs.md C quotes it.
//   npx tsx programs/oja/noise-model.ts
// Rules (dw in weight LSBs, y the child sum in real units, x in {0, 1}):
//   anneal: OjaUnitAnneal of the previous program: dw = 2 x I - 2^-7 I K w, I = 8y / 2^s
//           (s = 0..4, stepping at presentations 16, 32, 64, 100), K = y.
//   tag:    OjaUnitTag + OjaTag: the same on the weight with I = 2y (s = 0, 1 at 16, off after
//           32), K = 4y; and dt = 8 x K - 2^-7 K K w, with dw = t / 128, t = 0 every 1024 steps.
import { tolerateClosedPipes } from "../../cli/exit.ts";

tolerateClosedPipes();

type Mode = "float" | "rounded weight" | "chip";
interface Rule {
  name: string;
  presentations: number;
  /** Direct path: I = y * i0 / 2^s, s = number of steps passed; I = 0 after the last if `off`. */
  i0: number;
  steps: number[];
  off: boolean;
  growth: number;
  kScale: number;
  /** Tag path (0: none): tag LSBs per weight LSB, transfer every `transferSlots` slots. */
  tagRes: number;
  transferSlots: number;
}

function xorshift(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function simulate(rule: Rule, mode: Mode, seed = 1, neurons = 300) {
  const rnd = xorshift(seed);
  const round = (v: number) => {
    if (mode === "float") return v;
    const f = Math.floor(v);
    return f + (rnd() < v - f ? 1 : 0);
  };
  const factor = (v: number) => (mode === "chip" ? Math.min(127, Math.floor(v + rnd())) : v);
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  let within = 0;
  let sq = 0;
  let n = 0;
  for (let t = 0; t < neurons; t++) {
    const w = [8, 8, 8, 8];
    const tag = [0, 0, 0, 0];
    let shown = 0;
    for (let slot = 1; shown < rule.presentations; slot++) {
      if (rule.tagRes && slot % rule.transferSlots === 0)
        for (let i = 0; i < 4; i++) {
          w[i] = clamp(w[i]! + round(tag[i]! / rule.tagRes), 0, 255);
          tag[i] = 0;
        }
      if (rnd() >= 1 / 16) continue;
      shown++;
      const x = w.map(() => (rnd() < 0.8 ? 1 : 0));
      const y = w.reduce((a, wi, i) => a + wi * x[i]!, 0) / 256;
      const s = rule.steps.filter((th) => shown > th).length;
      const direct = rule.off && s === rule.steps.length ? 0 : factor((y * rule.i0) / 2 ** s);
      const k = factor(y * rule.kScale);
      for (let i = 0; i < 4; i++) {
        const dw = rule.growth * x[i]! * direct - 2 ** -7 * direct * k * w[i]!;
        w[i] = clamp(w[i]! + round(dw), 0, 255);
        if (rule.tagRes) {
          const dt = 8 * x[i]! * k - 2 ** -7 * k * k * w[i]!;
          tag[i] = clamp(tag[i]! + round(dt), -256, 255);
        }
      }
    }
    for (let i = 0; i < 4; i++) {
      const wi = w[i]!; // the weight as the chip's probe reads it (a pending tag not included)
      if (Math.abs(wi - 128) <= 6.4) within++;
      sq += (wi - 128) ** 2;
      n++;
    }
  }
  return { within: within / n, rms: Math.sqrt(sq / n) };
}

const anneal = (presentations: number, steps: number[]): Rule => ({
  name: `anneal, ${presentations} presentations, steps at ${steps.join("/")}`,
  presentations,
  i0: 8,
  steps,
  off: false,
  growth: 2,
  kScale: 1,
  tagRes: 0,
  transferSlots: 0,
});
const tag = (presentations: number): Rule => ({
  name: `tag, ${presentations} presentations`,
  presentations,
  i0: 2,
  steps: [16, 32],
  off: true,
  growth: 8,
  kScale: 4,
  tagRes: 128,
  transferSlots: 341,
});
const rules = [
  anneal(200, [16, 32, 64, 100]),
  anneal(400, [16, 32, 64, 100]),
  anneal(400, [16, 32, 64, 100, 200]),
  tag(200),
  tag(1000),
  tag(2000),
];
console.log(
  "rule | float | rounded weight only | chip (7-bit dithered factors, rounded weight and tag)",
);
for (const r of rules) {
  const cells = (["float", "rounded weight", "chip"] as Mode[]).map((m) => {
    const s = simulate(r, m);
    return `${(100 * s.within).toFixed(1)} % within 5 %, rms ${s.rms.toFixed(2)}`;
  });
  console.log(`${r.name} | ${cells.join(" | ")}`);
}
