// Exit codes and the one place the CLI turns a failure into a message instead of a stack trace.

/** 0: success. 1: errors in the user's program, image or data. 2: usage errors. */
export const EXIT_OK = 0;
export const EXIT_PROGRAM_ERROR = 1;
export const EXIT_USAGE = 2;

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
