#!/usr/bin/env node
// The installed `snn` command: runs the TypeScript CLI through tsx's loader, so the package
// needs no build step and `npx snn` works from a fresh clone after `npm ci`.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
