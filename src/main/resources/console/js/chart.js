// A small SVG line chart, drawn by hand: no library, no inline style (colours come from CSS
// classes), and a text summary for screen readers.
import { h } from './ui.js';

const W = 640;
const H = 220;
const PAD = { left: 48, right: 12, top: 12, bottom: 26 };

/**
 * series: [{name, cls, values: [number|null]}], all as long as `times` (Date[]).
 * format: how a y value reads (axis labels). Returns an element: legend and SVG.
 */
export function lineChart({ title, times, series, format = (v) => String(v) }) {
  const all = series.flatMap((s) => s.values).filter((v) => v !== null && v !== undefined);
  const max = niceMax(Math.max(0, ...all));
  const n = Math.max(times.length, 2);
  const x = (i) => PAD.left + (i * (W - PAD.left - PAD.right)) / (n - 1);
  const y = (v) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const svg = h('svg:svg', {
    class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': summary(title, series, format),
  });
  for (const f of [0, 0.5, 1]) {
    const gy = y(max * f);
    svg.append(
      h('svg:line', { class: 'grid', x1: PAD.left, x2: W - PAD.right, y1: gy, y2: gy }),
      h('svg:text', { class: 'axis-label', x: PAD.left - 6, y: gy + 4, 'text-anchor': 'end' }, format(max * f)),
    );
  }
  if (times.length) {
    const first = times[0];
    const last = times[times.length - 1];
    svg.append(
      h('svg:text', { class: 'axis-label', x: PAD.left, y: H - 6 }, clock(first)),
      h('svg:text', { class: 'axis-label', x: W - PAD.right, y: H - 6, 'text-anchor': 'end' }, clock(last)),
    );
  }
  for (const s of series) {
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null || v === undefined) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
      pen = true;
    });
    if (d) svg.append(h('svg:path', { class: `line ${s.cls}`, d: d.trim() }));
    // a point with no neighbour draws no line: show it as a dot
    s.values.forEach((v, i) => {
      const gone = (j) => j < 0 || j >= s.values.length || s.values[j] === null || s.values[j] === undefined;
      if (!gone(i) && gone(i - 1) && gone(i + 1)) {
        svg.append(h('svg:circle', { class: `dot ${s.cls}`, cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 3 }));
      }
    });
  }
  const legend = h('ul', { class: 'legend', 'aria-hidden': 'true' },
    series.map((s) => h('li', {}, h('span', { class: `swatch ${s.cls}` }), s.name)));
  return h('figure', { class: 'panel', 'data-chart': title },
    h('figcaption', {}, h('strong', {}, title)), legend, svg);
}

function niceMax(v) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function clock(d) {
  return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function summary(title, series, format) {
  const parts = series.map((s) => {
    const vals = s.values.filter((v) => v !== null && v !== undefined);
    const last = vals.length ? format(vals[vals.length - 1]) : 'no data';
    return `${s.name}: latest ${last}`;
  });
  return `${title}. ${parts.join('; ')}.`;
}
