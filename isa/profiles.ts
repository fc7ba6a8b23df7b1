// Chip profiles: every per-core limit, bit width and topology figure of a target chip, as data
// read by the compiler, the emulator, the stats and the generated docs. `loihi` is faithful to
// chip.md section 2 (Loihi 1, Davies et al. 2018); `loihi2` is a Loihi 2-like profile. This
// file must not contain behaviour beyond small lookups; costs live in costs.ts.

/** Bit widths of every register and field the hardware stores (signed widths include the
 *  sign bit). Sources: chip.md sections 3, 4 and 6. */
export interface BitWidths {
  /** Dendritic accumulator q: 21 bits + sign. */
  q: number;
  /** Current u and u2 = u + bias: 23 bits + sign. */
  u: number;
  /** Voltage v: 23 bits + sign (clamped to [vmin, vmax], largest vmax 2^23 - 1). */
  v: number;
  /** Decay registers decay_u, decay_v and trace decays: 12 bits unsigned. */
  decay: number;
  /** Threshold mantissa vth_mant: 17 bits unsigned; vth = vth_mant << vthShift. */
  vthMant: number;
  vthShift: number;
  /** Bias mantissa 13 bits signed, bias exponent 3 bits (0..7). */
  biasMant: number;
  biasExp: number;
  /** Refractory counter: 6 bits (refract 1..63). */
  refract: number;
  /** Weight mantissa up to 8 bits (sign included in mixed mode); weight << (6 + weight_exp). */
  weightMant: number;
  weightShift: number;
  /** Learning: per-synapse w (9 bits signed) and tag t (9 bits signed). */
  learnWeight: number;
  tag: number;
  /** Traces x1, x2, y1, y2, y3: 7 bits unsigned. */
  trace: number;
  /** Learning accumulator: 16 bits signed. */
  learnAccumulator: number;
  /** Microcode state registers and temporaries as the emulator holds them. */
  microcodeRegister: number;
  /** Learning epoch t_epoch: 6 bits (1..63). */
  epoch: number;
}

/** A multi-chip board: chips side by side along x, so the global tile mesh is
 *  (chips * mesh.width) x mesh.height and dimension-order routing crosses chip boundaries
 *  on x links; a crossing is charged the cost table's chipHop instead of a tile hop. */
export interface BoardOption {
  /** Largest number of chips a board of this profile may have. */
  maxChips: number;
  layout: "row";
  source: string;
}

export interface ChipProfile {
  name: string;
  description: string;
  /** Tile mesh of one chip. */
  mesh: { width: number; height: number };
  coresPerTile: number;
  /** Derived: mesh.width * mesh.height. */
  tilesPerChip: number;
  /** Derived: tilesPerChip * coresPerTile. */
  coresPerChip: number;
  board: BoardOption;
  /** Per-core limits (chip.md section 2). */
  maxCompartments: number;
  maxInputAxons: number;
  maxOutputAxons: number;
  /** Synapse memory in bits, allocated in words of synapseWordBits. */
  synapseMemoryBits: number;
  synapseWordBits: number;
  /** Bits of header per synapse group (chip.md: +10 bits per group of up to 64 synapses). */
  synapseGroupHeaderBits: number;
  maxSynapsesPerGroup: number;
  maxNeuronProfiles: number;
  maxThresholdProfiles: number;
  /** Synapse formats per core, format 0 reserved (so maxSynapseFormats - 1 usable). */
  maxSynapseFormats: number;
  maxPreTraceConfigs: number;
  /** Loihi 1: a core's synapses are all learning or none. */
  learningAllOrNone: boolean;
  /** One vmin/vmax pair per core. */
  voltageLimitPairs: number;
  weightExpMin: number;
  weightExpMax: number;
  /** Largest synaptic delay in steps (delays 0..maxDelay; maxDelay + 1 accumulator slots). */
  maxDelay: number;
  /** Width of a graded spike payload in bits (unsigned); 0 = binary spikes only. */
  payloadBits: number;
  /** Microcode: state registers stored per compartment, constants per profile, words per
   *  program (ours: chip.md section 7 gives no figure). */
  maxStateRegisters: number;
  maxConstants: number;
  maxProgramWords: number;
  /** Learning epoch limit (t_epoch <= 63) and largest product terms per rule (ours). */
  maxEpoch: number;
  maxLearningTerms: number;
  bits: BitWidths;
  /** Where each figure comes from. */
  sources: Record<string, string>;
}

const LOIHI_BITS: BitWidths = {
  q: 22,
  u: 24,
  v: 24,
  decay: 12,
  vthMant: 17,
  vthShift: 6,
  biasMant: 13,
  biasExp: 3,
  refract: 6,
  weightMant: 8,
  weightShift: 6,
  learnWeight: 9,
  tag: 9,
  trace: 7,
  learnAccumulator: 16,
  microcodeRegister: 32,
  epoch: 6,
};

/** Loihi 1, faithful to chip.md section 2. */
export const LOIHI: ChipProfile = {
  name: "loihi",
  description:
    "Intel Loihi 1 (Davies et al., IEEE Micro 2018), per-core limits of chip.md section 2",
  mesh: { width: 8, height: 4 },
  coresPerTile: 4,
  tilesPerChip: 32,
  coresPerChip: 128,
  board: {
    maxChips: 32,
    layout: "row",
    source:
      "ours: Nahuku boards carry 8-32 Loihi chips; 32 bounds the emulator's board size. Chips sit in a row so a route crosses at most chips-1 chip links",
  },
  maxCompartments: 1024,
  maxInputAxons: 4096,
  maxOutputAxons: 4096,
  synapseMemoryBits: 1_048_576,
  synapseWordBits: 64,
  synapseGroupHeaderBits: 10,
  maxSynapsesPerGroup: 64,
  maxNeuronProfiles: 32,
  maxThresholdProfiles: 8,
  maxSynapseFormats: 8,
  maxPreTraceConfigs: 3,
  learningAllOrNone: true,
  voltageLimitPairs: 1,
  weightExpMin: -7,
  weightExpMax: 7,
  maxDelay: 7,
  payloadBits: 0,
  maxStateRegisters: 3,
  maxConstants: 16,
  maxProgramWords: 64,
  maxEpoch: 63,
  maxLearningTerms: 8,
  bits: LOIHI_BITS,
  sources: {
    structure:
      "Davies et al. 2018: 128 neuromorphic cores, 4 per tile. Mesh 8 x 4 tiles as in SANA-FE's arch/loihi.yaml (topology mesh, width 8, height 4, loihi_tile[0..31])",
    limits: "chip.md section 2 (nengo-loihi block.py MAX_COMPARTMENTS etc.)",
    synapseMemory: "chip.md section 2: 128 KiB in 64-bit words, groups of <= 64 synapses + 10 bits",
    maxDelay:
      "chip.md section 4: Loihi 1 has at least 8 delay slots. We take exactly 8 (delays 0..7, 3 delay bits): the documented minimum, so the faithful profile never promises a delay the chip may not have",
    bits: "chip.md sections 3, 4, 6 (nengo-loihi discretize.py: Q_BITS = 21, U_BITS = 23)",
    microcode:
      "ours: Loihi 1 has fixed CUBA dynamics; 3 state registers (u, v, refractory counter) hold exactly that state. 64 words per program is ours",
    learningTerms: "ours: chip.md gives no limit on product terms; 8 per rule",
  },
};

/** Loihi 2-like: more compartments, graded spikes, longer delays, programmable neurons. */
export const LOIHI2: ChipProfile = {
  ...LOIHI,
  name: "loihi2",
  description:
    "Loihi 2-like (Intel Loihi 2 technology brief 2021; Lava): 8192 compartments per core, 24-bit unsigned graded spikes, delays 0..63",
  maxCompartments: 8192,
  maxDelay: 63,
  payloadBits: 24,
  maxStateRegisters: 8,
  maxProgramWords: 256,
  maxLearningTerms: 16,
  learningAllOrNone: false,
  board: {
    maxChips: 32,
    layout: "row",
    source: "ours: same board model as loihi (Kapoho Point stacks 8 chips; 32 bounds the emulator)",
  },
  sources: {
    ...LOIHI.sources,
    maxCompartments:
      "Intel Loihi 2 technology brief (2021): up to 1M neurons per chip over 128 cores = 8192 per core",
    payloadBits:
      "Lava graded spikes: Dense/Sparse/Conv num_message_bits=24 is the widest message used by Lava's Loihi 2 processes; ours: unsigned (chip.md section 5)",
    maxDelay: "chip.md section 4: loihi2-like delays 0..63 (6 delay bits)",
    microcode:
      "ours: 8 state registers s0..s7 (the microcode register file), 256 words per program",
    learning: "ours: loihi2 relaxes all-or-none learning per core (chip.md section 2 allows it)",
    learningTerms: "ours: 16 product terms per rule",
    structure:
      "ours: the loihi mesh (8 x 4 tiles of 4 cores, 128 cores); Loihi 2 also has 128 neuromorphic cores per chip (Intel Loihi 2 brief)",
  },
};

export const PROFILES: Readonly<Record<string, ChipProfile>> = { loihi: LOIHI, loihi2: LOIHI2 };

/** Look a profile up by name; throws an Error listing the known names. */
export function getProfile(name: string): ChipProfile {
  const p = PROFILES[name];
  if (!p)
    throw new Error(`unknown chip profile '${name}' (known: ${Object.keys(PROFILES).join(", ")})`);
  return p;
}

/** Indices of sparse (indexed) synapse lists: enough bits to name any compartment. */
export function indexBits(p: ChipProfile): number {
  return Math.ceil(Math.log2(p.maxCompartments));
}

/** Delay field width: enough bits for 0..maxDelay. */
export function delayBits(p: ChipProfile): number {
  return Math.ceil(Math.log2(p.maxDelay + 1));
}

/** Placement of a global core index: chip, tile coordinates on that chip, core in tile, and
 *  the global mesh x (chip * mesh.width + tileX) used by dimension-order routing. */
export function coreLocation(
  p: ChipProfile,
  core: number,
): {
  chip: number;
  tile: number;
  tileX: number;
  tileY: number;
  coreInTile: number;
  globalX: number;
} {
  const chip = Math.floor(core / p.coresPerChip);
  const inChip = core % p.coresPerChip;
  const tile = Math.floor(inChip / p.coresPerTile);
  const tileX = tile % p.mesh.width;
  const tileY = Math.floor(tile / p.mesh.width);
  return {
    chip,
    tile,
    tileX,
    tileY,
    coreInTile: inChip % p.coresPerTile,
    globalX: chip * p.mesh.width + tileX,
  };
}
