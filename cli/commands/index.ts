// Registers every subcommand. Each subcommand lives in its own file and exports `register`.
import type { Command } from "commander";
import { register as registerCheck } from "./check.ts";
import { register as registerCompile } from "./compile.ts";
import { register as registerEval } from "./eval.ts";
import { register as registerInspect } from "./inspect.ts";
import { register as registerPlot } from "./plot.ts";
import { register as registerReport } from "./report.ts";
import { register as registerRun } from "./run.ts";
import { register as registerSweep } from "./sweep.ts";

export function registerCommands(program: Command): void {
  void program;
  registerCheck(program);
  registerCompile(program);
  registerInspect(program);
  registerReport(program);
  registerPlot(program);
  registerRun(program);
  registerEval(program);
  registerSweep(program);
}
