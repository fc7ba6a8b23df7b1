// Parameter checks shared by the built-in host routines.
import { STRUCTURAL_HOST_PARAMS } from "../../isa/host-routines.ts";
import { EmulatorFault } from "../kernel.ts";
import type { HostContext } from "./index.ts";

/** Refuses a parameter routine `routine` does not know (a misspelt `param` would otherwise be
 *  ignored and the routine would run with its default), naming the known ones. */
export function refuseUnknownParams(
  routine: string,
  params: HostContext["params"],
  known: readonly string[],
): void {
  const all = new Set<string>([...known, ...STRUCTURAL_HOST_PARAMS]);
  for (const key of Object.keys(params)) {
    if (!all.has(key)) {
      throw new EmulatorFault(
        `host routine ${routine}: unknown parameter '${key}' (it takes ${known.join(", ")})`,
      );
    }
  }
}
