// The built-in host learning routines and the parameters each takes: the one list the compiler
// checks `host learn NAME { param ... }` against (with the parameter's source location) and the
// emulator checks an image's host steps against when it loads. The routines themselves live in
// emulator/host/; test/compiler/host-routines.test.ts keeps this list equal to their defaults.

/** Parameters the compiler writes for every host step (`updates`, `reads`, `every N`); a
 *  program cannot declare them as `param`. */
export const STRUCTURAL_HOST_PARAMS: readonly string[] = ["updates", "reads", "everySamples"];

/** Built-in routine name -> the `param` names it takes. */
export const BUILTIN_HOST_ROUTINES: Readonly<Record<string, readonly string[]>> = {
  st_rsbp: [
    "targetTrue",
    "targetFalse",
    "eta",
    "weightPerSpike",
    "etaDecay",
    "epochSamples",
    "silentGain",
    "iterations",
    "maxDelta",
  ],
  count_delta: ["eta", "target"],
};

/** How many projections a built-in routine's `updates` clause must name, where it is fixed
 *  (the compiler's E009; the emulator checks it again when the image is loaded). */
export const HOST_ROUTINE_UPDATES: Readonly<Record<string, number>> = { count_delta: 1 };

/** The projection ids of a host step's `updates` parameter, which the compiler writes as one
 *  comma-separated string. */
export function updatedProjectionIds(value: number | string | undefined): string[] {
  return String(value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
