// A small, pure CSV reader for data files (data sets, connection lists, weight matrices). The
// loader hands it text; it never reads files. Values are numbers; a bad cell is reported with
// its line and column so the user can find it.

/** A numeric table: `rows` x `cols` values, row-major in a Float64Array. */
export interface CsvTable {
  rows: number;
  cols: number;
  values: Float64Array;
}

export type CsvResult = { ok: true; table: CsvTable } | { ok: false; message: string };

/** Parse comma-separated numbers, skipping `headerLines` lines and blank lines. Every data
 *  row must have the same number of cells as the first. */
export function parseCsv(text: string, headerLines = 0): CsvResult {
  const lines = text.split(/\r?\n/);
  const out: number[] = [];
  let cols = -1;
  let rows = 0;
  for (let li = headerLines; li < lines.length; li++) {
    const line = lines[li]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    const cells = line.split(",");
    if (cols < 0) cols = cells.length;
    else if (cells.length !== cols) {
      return {
        ok: false,
        message: `line ${li + 1}: ${cells.length} cells, expected ${cols} like the first data row`,
      };
    }
    let col = 1;
    for (const c of cells) {
      const s = c.trim();
      const v = Number(s);
      if (s === "" || !Number.isFinite(v)) {
        return { ok: false, message: `line ${li + 1} col ${col}: '${s}' is not a number` };
      }
      out.push(v);
      col += c.length + 1;
    }
    rows++;
  }
  return { ok: true, table: { rows, cols: Math.max(cols, 0), values: Float64Array.from(out) } };
}
