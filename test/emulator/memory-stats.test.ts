// The memory a run reports is the compiler's: `snn run`'s per-core synapse memory is isa's count
// (isa/synapse-memory.ts), the one the placer fits against and the image's utilization records.
// iris.snn's core 2 holds axons whose synapses mix formats, where a second count once differed
// (448 bits reported by the run, 896 by the compiler).
import { describe, expect, it } from "vitest";
import { compileProgram, runImage } from "../programs/run-program.ts";

describe("run statistics: memory", () => {
  it("synapse memory per core equals the image's utilization", () => {
    const image = compileProgram("emstdp/iris.snn");
    const stats = runImage(image, { steps: 5 }).stats;
    const used = stats.cores.map((c) => c.memory.synapseMemoryBits);
    expect(used).toEqual(image.cores.map((c) => c.utilization.synapseMemoryBits));
    expect(used[2]![0]).toBe(896);
  });
});
