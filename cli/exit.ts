// Exit codes and the one place the CLI turns a failure into a message instead of a stack trace.

/** 0: success. 1: errors in the user's program, image or data. 2: usage errors. 130: interrupted. */
export const EXIT_OK = 0;
export const EXIT_PROGRAM_ERROR = 1;
export const EXIT_USAGE = 2;
/** 130 (128 + SIGINT, the shell's convention): `snn run` stopped early by Ctrl-C or SIGTERM,
 *  after writing what the steps so far produced. */
export const EXIT_INTERRUPTED = 130;

/** An error whose message is complete and meant for the user; no stack trace is printed. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_PROGRAM_ERROR,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/**
 * A reader that stops early (`snn inspect x.img | head`) closes the pipe: Node then emits an
 * EPIPE 'error' on the stream, which unhandled ends the process with a stack trace before the
 * command (or script) has written its files. After this call output nobody reads is dropped and
 * the process runs to the end; any other write failure on stdout is one message and exit code 1.
 * The CLI and the measurement scripts under programs/ call it first.
 */
export function tolerateClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE" || stream === process.stderr) return;
      process.stderr.write(`error: cannot write to standard output (${e.code ?? e.message})\n`);
      process.exitCode = EXIT_PROGRAM_ERROR;
    });
  }
}
