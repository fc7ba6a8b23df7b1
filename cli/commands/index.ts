// Registers every subcommand. Each subcommand lives in its own file and exports `register`.
import type { Command } from "commander";
import { register as registerCheck } from "./check.ts";

export function registerCommands(program: Command): void {
  void program;
  registerCheck(program);
}
