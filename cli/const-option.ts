// `--const NAME=VALUE` of `snn check`, `snn compile` and `snn run` (a .snn program): sets a
// top-level constant of the program for this command (compiler/frontend.ts, FrontendOptions
// .consts), so a learning rate or a size can be varied without an edited copy of the program.
import type { Command } from "commander";
import { EXIT_USAGE, UserError } from "./exit.ts";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Adds the repeatable option to a command; its values arrive as `consts: string[]`. */
export function addConstOption(cmd: Command): Command {
  return cmd.option(
    "--const <name=value>",
    "set a top-level constant of the program, e.g. --const eta=2^-6 (repeatable)",
    (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
  );
}

/** The option's values as (name, value) pairs, in the order given; a malformed or repeated
 *  name is a usage error. The values are expressions, checked by the compiler. */
export function parseConsts(values: readonly string[] | undefined): [string, string][] {
  const out = new Map<string, string>();
  for (const v of values ?? []) {
    const eq = v.indexOf("=");
    const name = (eq < 0 ? v : v.slice(0, eq)).trim();
    const value = eq < 0 ? "" : v.slice(eq + 1).trim();
    if (!NAME.test(name) || value === "")
      throw new UserError(
        `--const takes NAME=VALUE, a top-level constant of the program and an expression (e.g. --const eta=2^-6), got '${v}'`,
        EXIT_USAGE,
      );
    if (out.has(name)) throw new UserError(`--const ${name} is given twice`, EXIT_USAGE);
    out.set(name, value);
  }
  return [...out];
}
