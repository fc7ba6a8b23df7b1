// The report page shell: one self-contained HTML document (inline CSS, inline SVG charts and a
// few lines of vanilla JS for the chip-map metric switch and hover tooltips). No network, no
// external scripts or fonts. It assembles strings only; rendering and I/O live elsewhere.
import { escapeHtml } from "./html-util.ts";

/** One chart, already rendered to SVG. `variants` (for switchable charts) share one slot. */
export interface ChartBlock {
  kind: "chart";
  id: string;
  svg: string;
}

export interface SwitchBlock {
  kind: "switch";
  id: string;
  label: string;
  variants: { name: string; svg: string }[];
}

export interface HtmlBlock {
  kind: "html";
  html: string;
}

export type Block = ChartBlock | SwitchBlock | HtmlBlock;

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

const CSS = `
body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#263238;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#cfd8dc;font-size:13px}
nav{padding:6px 24px;background:#eceff1;font-size:13px;position:sticky;top:0;z-index:2}
nav a{margin-right:14px;color:#1a237e;text-decoration:none}
main{padding:8px 24px 40px}
section{margin-top:18px}
h2{font-size:17px;border-bottom:1px solid #ccc;padding-bottom:4px}
.chart{display:inline-block;margin:6px 12px 12px 0;vertical-align:top;background:#fff;border:1px solid #e0e0e0;padding:4px}
.chart svg{display:block;max-width:100%;height:auto}
.chart[hidden]{display:none}
.chart g[aria-hidden=true]{pointer-events:none}
.switch{margin:4px 0}
.switch button{font-size:12px;margin-right:4px;padding:3px 10px;border:1px solid #90a4ae;background:#fff;cursor:pointer;border-radius:3px}
.switch button[aria-pressed=true]{background:#263238;color:#fff}
table{border-collapse:collapse;font-size:12px;background:#fff;margin:6px 0}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#6d4c41;font-size:13px}
#tip{position:absolute;display:none;background:rgba(33,33,33,.92);color:#fff;font-size:12px;padding:5px 8px;border-radius:3px;pointer-events:none;z-index:9;max-width:360px}
`;

// Hover shows the aria-label vega writes on every mark (its tooltip fields, "a: 1; b: 2");
// the switch shows one variant of a switchable chart at a time.
const JS = `
(function(){
var tip=document.getElementById('tip');
document.addEventListener('mouseover',function(e){
var el=e.target&&e.target.closest?e.target.closest('[role=graphics-symbol][aria-label]'):null;
if(!el||!el.closest('.chart')){tip.style.display='none';return;}
tip.textContent='';
el.getAttribute('aria-label').split('; ').forEach(function(l){var d=document.createElement('div');d.textContent=l;tip.appendChild(d);});
tip.style.display='block';});
document.addEventListener('mousemove',function(e){tip.style.left=(e.pageX+14)+'px';tip.style.top=(e.pageY+14)+'px';});
Array.prototype.forEach.call(document.querySelectorAll('.switch button'),function(b){
b.addEventListener('click',function(){
var g=b.closest('.switchable');
Array.prototype.forEach.call(g.querySelectorAll('.variant'),function(v){v.hidden=v.getAttribute('data-variant')!==b.getAttribute('data-variant');});
Array.prototype.forEach.call(g.querySelectorAll('.switch button'),function(o){o.setAttribute('aria-pressed',String(o===b));});
});});
})();
`;

function blockHtml(b: Block): string {
  if (b.kind === "html") return b.html;
  if (b.kind === "chart") return `<figure class="chart" id="${b.id}">${b.svg}</figure>`;
  const buttons = b.variants
    .map(
      (v, i) =>
        `<button type="button" data-variant="${escapeHtml(v.name)}" aria-pressed="${i === 0}">${escapeHtml(v.name)}</button>`,
    )
    .join("");
  const variants = b.variants
    .map(
      (v, i) =>
        `<figure class="chart variant" id="${b.id}-${escapeHtml(v.name)}" data-variant="${escapeHtml(v.name)}"${i === 0 ? "" : " hidden"}>${v.svg}</figure>`,
    )
    .join("\n");
  return `<div class="switchable" id="${b.id}"><div class="switch">${escapeHtml(b.label)} ${buttons}</div>\n${variants}</div>`;
}

/** The whole page. `subtitle` is plain text; sections' HTML blocks are trusted (built here). */
export function pageHtml(title: string, subtitle: string, sections: Section[]): string {
  const nav = sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join("");
  const body = sections
    .map(
      (s) =>
        `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>\n${s.blocks.map(blockHtml).join("\n")}\n</section>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style></head>
<body><header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p></header>
<nav>${nav}</nav>
<main>
${body}
</main>
<div id="tip" role="tooltip"></div>
<script>${JS}</script>
</body></html>
`;
}
