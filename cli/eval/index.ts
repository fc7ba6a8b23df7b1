// Evaluation library of the snn toolchain: metrics that turn a run's predictions, spike counts,
// codes and weights into the numbers algorithms.md asks for. Pure functions on typed arrays; the
// CLI (cli/commands/eval.ts) does the file reading and printing.
export * from "./classification.ts";
export * from "./linear-classifier.ts";
export * from "./matrix.ts";
export * from "./run-metrics.ts";
export * from "./sparse-coding.ts";
export * from "./spike-codes.ts";
export * from "./weights.ts";
