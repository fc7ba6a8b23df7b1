// Text helpers for the report page: HTML escaping and locale-independent number text for
// hover labels. No I/O.

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Locale-independent number text with thousands separators: `digits` decimals when given,
 *  else integers as they are and others to 1 decimal. Never toLocaleString, so the same run
 *  gives the same bytes on every machine. */
export function fmtNum(v: number, digits?: number): string {
  const neg = v < 0;
  const a = Math.abs(v);
  const s =
    digits !== undefined ? a.toFixed(digits) : Number.isInteger(v) ? String(a) : a.toFixed(1);
  const [i, f] = s.split(".");
  const grouped = (i as string).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (neg ? "-" : "") + grouped + (f !== undefined ? `.${f}` : "");
}

/** A mark's hover text: "name: value" pairs joined by "; " (the page's tooltip splits them). */
export function markLabel(pairs: [string, string | number][]): string {
  return pairs.map(([k, v]) => `${k}: ${typeof v === "number" ? fmtNum(v) : v}`).join("; ");
}
