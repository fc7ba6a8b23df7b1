// A float Vogels-Abbott CUBA network (Brian's CUBA example; algorithms.md G) to say what rate
// programs/cuba/cuba.snn should give and which of the chip program's choices moves it: the
// classic model (dt 0.1 ms, excitatory and inhibitory currents with their own time constants)
// and the same network with the program's choices (one synaptic current at 5 ms with the
// inhibitory weight doubled; dt 1 ms). No fixed point, no spikes on a mesh. Pure computation.
//
// Voltages are relative to the reset (-60 mV = 0): dv/dt = (ge + gi - (v - El)) / tau_m,
// dge/dt = -ge / tau_e, dgi/dt = -gi / tau_i; a spike of an excitatory cell adds we to ge of
// each target, of an inhibitory cell wi to gi; v > Vt fires, resets to 0 and is held for the
// refractory period while the currents keep integrating. Connectivity: each ordered pair
// (self included) with probability p, as Brian's `connect(p=0.02)`.
import { Rng } from "./rng.ts";

export interface CubaConfig {
  n: number;
  nExc: number;
  p: number;
  /** Step in ms. */
  dt: number;
  tauM: number;
  tauE: number;
  tauI: number;
  /** Threshold and leak reversal above reset, mV. */
  vt: number;
  el: number;
  /** Jumps of the currents per spike, mV. */
  we: number;
  wi: number;
  /** Refractory period, ms. */
  tRef: number;
  /** Simulated time and the start of the measured window, ms. */
  duration: number;
  measureFrom: number;
  seed: number;
}

/** Brian's CUBA example: the classic parameters. */
export const CUBA_CLASSIC: CubaConfig = {
  n: 4000,
  nExc: 3200,
  p: 0.02,
  dt: 0.1,
  tauM: 20,
  tauE: 5,
  tauI: 10,
  vt: 10,
  el: 11,
  we: 1.62,
  wi: -9,
  tRef: 5,
  duration: 1000,
  measureFrom: 50,
  seed: 1,
};

export interface CubaResult {
  /** Mean rates (Hz) over [measureFrom, duration) of all cells, excitatory, inhibitory. */
  rate: number;
  rateExc: number;
  rateInh: number;
  spikes: number;
}

/** Simulates `cfg` from voltages drawn uniformly in [0, Vt] (Brian's initial condition). */
export function cubaRates(cfg: CubaConfig): CubaResult {
  const { n, nExc, dt } = cfg;
  const rng = new Rng(cfg.seed);
  // Targets of each cell, as a CSR list (about n * p = 80 each).
  const start = new Int32Array(n + 1);
  const targets: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (rng.uniform() < cfg.p) targets.push(j);
    start[i + 1] = targets.length;
  }
  const tgt = Int32Array.from(targets);
  const v = Float64Array.from({ length: n }, () => rng.range(0, cfg.vt));
  const ge = new Float64Array(n);
  const gi = new Float64Array(n);
  const refUntil = new Float64Array(n).fill(-1);
  // Exact decays of the currents and the leak over one step; the current's input to v is taken
  // at its value at the start of the step (the error is that of Euler on a 5 ms current).
  const dE = Math.exp(-dt / cfg.tauE);
  const dI = Math.exp(-dt / cfg.tauI);
  const dM = Math.exp(-dt / cfg.tauM);
  const steps = Math.round(cfg.duration / dt);
  const from = Math.round(cfg.measureFrom / dt);
  let exc = 0;
  let inh = 0;
  const fired: number[] = [];
  for (let s = 0; s < steps; s++) {
    const t = s * dt;
    fired.length = 0;
    for (let i = 0; i < n; i++) {
      const drive = ((ge[i]! + gi[i]!) * dt) / cfg.tauM;
      ge[i]! *= dE;
      gi[i]! *= dI;
      if (t < refUntil[i]!) continue;
      v[i] = cfg.el + (v[i]! - cfg.el) * dM + drive;
      if (v[i]! > cfg.vt) {
        v[i] = 0;
        refUntil[i] = t + cfg.tRef - dt / 2;
        fired.push(i);
      }
    }
    for (const i of fired) {
      const g = i < nExc ? ge : gi;
      const w = i < nExc ? cfg.we : cfg.wi;
      for (let k = start[i]!; k < start[i + 1]!; k++) g[tgt[k]!]! += w;
      if (s >= from) {
        if (i < nExc) exc++;
        else inh++;
      }
    }
  }
  const seconds = (cfg.duration - cfg.measureFrom) / 1000;
  return {
    rate: (exc + inh) / n / seconds,
    rateExc: exc / nExc / seconds,
    rateInh: inh / (n - nExc) / seconds,
    spikes: exc + inh,
  };
}
