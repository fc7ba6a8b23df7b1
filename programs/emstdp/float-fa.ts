// Float reference of what digits.snn runs: the rate network of test/reference (64-100-10, the
// two-phase EMSTDP rule, input sampled over 49 Bernoulli steps in both phases) with FIXED RANDOM
// feedback (feedback alignment, as on the chip), a constant learning rate (the chip has no
// decay), for output error thresholds 3 (ErrorIF) and 1 (OutErrorIF). Prints test / train
// accuracy and cosine(B, W2^T) after each of 12 epochs. docs/programs.md sections A and D quote
// its output.
//   npx tsx programs/emstdp/float-fa.ts [epochs] [seed] [phase1|phase2] [window] [w1 rate] [w2 limit]
// The third argument sets the pre factor of W2's update: the hidden rates of phase 1 (the
// algorithm, default) or of phase 2, which carry the injected hidden error B e, as the chip's
// pre trace at the end of the clamp phase does (docs/programs.md D, FA's cosine). The fourth
// sets the input window: the number of Bernoulli steps whose count gives a training input
// (default 49; fewer steps, noisier input: docs/programs.md A). The fifth multiplies W1's rate
// (default 1: W1 learns at W2's rate, as on the chip), the sixth clips W2 to +-limit (default
// none; the chip's W2 lives in +-1.27 thresholds): two differences from the chip checked as
// causes of its larger cosine (docs/programs.md D, FA's cosine).
import { accuracy } from "../../cli/eval/classification.ts";
import { cosineWithTranspose } from "../../cli/eval/weights.ts";
import { tolerateClosedPipes } from "../../cli/exit.ts";
import { digitsSplit } from "../../test/reference/data.ts";
import {
  createRateNetwork,
  feedbackMatrix,
  predict,
  trainEpoch,
} from "../../test/reference/rate-network.ts";

tolerateClosedPipes();

const epochs = Number(process.argv[2] ?? 12);
const seed = Number(process.argv[3] ?? 1);
const w2Pre = process.argv[4] === "phase2" ? "phase2" : "phase1";
const inputWindow = Number(process.argv[5] ?? 49);
if (!Number.isInteger(inputWindow) || inputWindow < 0) {
  console.error(
    `float-fa: the input window must be a whole number of steps (got ${process.argv[5]})`,
  );
  process.exit(2);
}
const w1EtaFactor = Number(process.argv[6] ?? 1);
const w2Limit = Number(process.argv[7] ?? Number.POSITIVE_INFINITY);
if (!(w1EtaFactor > 0) || !(w2Limit > 0)) {
  console.error(
    `float-fa: W1's rate factor and W2's limit must be positive numbers (got ${process.argv[6]}, ${process.argv[7]})`,
  );
  process.exit(2);
}
const { train, test } = digitsSplit();
for (const errorThreshold of [3, 1]) {
  const t0 = Date.now();
  const net = createRateNetwork(
    { nIn: 64, nHidden: 100, nOut: 10 },
    {
      feedback: "random",
      rule: "two-phase",
      eta: 0.05,
      etaDecay: 1,
      errorThreshold,
      seed,
      w2Pre,
      inputWindow,
      w1EtaFactor,
      w2Limit,
    },
  );
  const per: string[] = [];
  for (let e = 0; e < epochs; e++) {
    trainEpoch(net, train);
    const te = accuracy(predict(net, test), test.y) * 100;
    const tr = accuracy(predict(net, train), train.y) * 100;
    const cos = cosineWithTranspose(feedbackMatrix(net), net.w2);
    per.push(`${te.toFixed(1)}/${tr.toFixed(1)}/${cos.toFixed(2)}`);
  }
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(
    `error threshold ${errorThreshold}, seed ${seed}, W2 pre ${w2Pre}, input window ${inputWindow}, W1 rate x${w1EtaFactor}, W2 limit ${w2Limit} (test % / train % / cosine(B, W2^T) per epoch, ${s} s):`,
  );
  console.log(`  ${per.join(" ")}`);
}
