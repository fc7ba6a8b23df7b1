// The `snn` command line: parses arguments and hands each subcommand to its module in
// cli/commands/. It does the I/O; compiler stages and the emulator never read files or print.
import { Command, CommanderError } from "commander";
import { registerCommands } from "./commands/index.ts";
import { EXIT_PROGRAM_ERROR, EXIT_USAGE, tolerateClosedPipes, UserError } from "./exit.ts";

const program = new Command();
program
  .name("snn")
  .description("Compile .snn programs for a Loihi-like chip and run them on its emulator.")
  .version("0.1.0")
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

registerCommands(program);

tolerateClosedPipes();

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
  } else if (err instanceof UserError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(
      `internal error: ${msg}\nThis is a bug in snn; please report it with the command you ran.\n`,
    );
    if (process.env.SNN_DEBUG) console.error(err);
    process.exitCode = EXIT_PROGRAM_ERROR;
  }
}
