/**
 * Charts as SVG, drawn from the derived model: a line chart per indicator (with its target) and a
 * bar chart of the driftredovisning's avvikelse per enhet. The same SVG is inlined in the HTML
 * (role="img" with <title> and <desc>; the data table sits beside it) and drawn as vectors in the
 * PDF, tagged as a Figure with the same text alternative. Coordinates are rounded to 0,1 so the
 * output is byte-identical between runs. Every series is told apart by shape and dash, never only
 * by colour, and the text alternative lists every value.
 */
import { Decimal } from '../format/decimal.js';
import { formatNumber } from '../format/number.js';
import type { Theme } from '../theme/theme.js';

export interface ChartColours {
  linje: string;
  mål: string;
  kvinnor: string;
  män: string;
  positiv: string;
  negativ: string;
  rutnät: string;
  text: string;
}

export interface ChartView {
  id: string;
  /** The SVG element, ready to inline. */
  svg: string;
  /** Visible caption. */
  rubrik: string;
  /** The text alternative (also the SVG's <desc>). */
  beskrivning: string;
}

const FONT = "'DejaVu Sans', 'Noto Sans', Arial, sans-serif";
const r = (v: number) => Math.round(v * 10) / 10;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** 3–6 round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number): number[] {
  if (!(hi > lo)) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    return niceTicks(lo - pad, hi + pad);
  }
  const raw = (hi - lo) / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => (hi - lo) / s <= 4) ?? 10 * mag;
  // Multiples of the step, cleaned of binary noise (0,1 × 3 is 0,30000000000000004).
  const clean = (k: number) => Number((k * step).toFixed(10));
  const ticks: number[] = [];
  for (let k = Math.floor(lo / step + 1e-9); clean(k) < hi + step * 1e-9 || ticks.length < 2; k += 1) ticks.push(clean(k));
  if (ticks[ticks.length - 1]! < hi - step * 1e-9) ticks.push(clean(Math.round(ticks[ticks.length - 1]! / step) + 1));
  return ticks;
}

/** The decimals a tick step needs to be printed exactly: 2,5 → 1; 0,25 → 2; 0,0001 → 4. */
function decimalsOf(step: number): number {
  const text = String(Number(step.toFixed(10)));
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : Math.min(6, text.length - dot - 1);
}

/** Approximate width of a label in the chart's 12 px text (DejaVu Sans averages about 0,6 em). */
const labelWidth = (text: string) => text.length * 7.2;

/** DejaVu Sans advance widths (1/1000 em) of printable ASCII, U+0020 … U+007E. */
const ASCII_WIDTHS = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
  1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
  500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
const OTHER_WIDTHS: Record<string, number> = { å: 613, ä: 613, ö: 612, Å: 684, Ä: 684, Ö: 787, é: 615, è: 615, ü: 634, É: 632, '–': 500, '−': 838, '·': 318, '\u00a0': 318 };

/**
 * Width of a text in the charts' 12 px type, measured with DejaVu Sans (the PDF's face; the HTML's
 * fallbacks Noto Sans and Arial are narrower, so a line that fits here fits there).
 */
export function textWidth(text: string, size = 12): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    units += code >= 0x20 && code <= 0x7e ? ASCII_WIDTHS[code - 0x20]! : (OTHER_WIDTHS[ch] ?? 700);
  }
  return (units * size) / 1000;
}

/**
 * A label broken into lines of at most `maxWidth` (12 px type), at spaces, after hyphens and
 * slashes; a word wider than a line is split, with a hyphen. Nothing is cut off: every character
 * of the label is on some line.
 */
export function wrapLabel(label: string, maxWidth: number): string[] {
  const words = label.trim().split(/ +/).flatMap((word) => word.split(/(?<=[-\/–])(?=.)/)).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  const joint = (a: string) => (a === '' || /[-\/–]$/.test(a) ? '' : ' ');
  const push = (word: string) => {
    const candidate = line + joint(line) + word;
    if (line !== '' && textWidth(candidate) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  };
  for (const word of words) {
    if (textWidth(word) <= maxWidth) {
      push(word);
      continue;
    }
    // A word wider than the line: as many characters as fit (and a hyphen) per line.
    let rest = [...word];
    while (rest.length > 0) {
      let n = rest.length;
      while (n > 1 && textWidth(`${rest.slice(0, n).join('')}${n < rest.length ? '-' : ''}`) > maxWidth) n -= 1;
      push(`${rest.slice(0, n).join('')}${n < rest.length ? '-' : ''}`);
      rest = rest.slice(n);
      if (rest.length > 0) {
        lines.push(line);
        line = '';
      }
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * A target over the whole plot, from its left edge to its right: each category's target holds
 * from the midpoint before it to the midpoint after it; a category without one keeps the one
 * before it, and the first target reaches back to the left edge. One target is one straight
 * dashed line; targets that change are a step line.
 */
function targetLine(mål: (Decimal | undefined)[], xOf: (i: number) => number, yOf: (v: number) => number, xStart: number, xEnd: number, colour: string): string {
  const given = mål.map((m) => m?.toNumber());
  const first = given.find((v) => v !== undefined);
  if (first === undefined) return '';
  const levels: number[] = [];
  let current = first;
  for (const v of given) {
    if (v !== undefined) current = v;
    levels.push(current);
  }
  const style = `fill="none" stroke="${colour}" stroke-width="1.6" stroke-dasharray="6 4"`;
  if (levels.every((v) => v === levels[0])) {
    const y = r(yOf(first));
    return `<line class="mallinje" x1="${r(xStart)}" y1="${y}" x2="${r(xEnd)}" y2="${y}" ${style}/>`;
  }
  let d = `M${r(xStart)} ${r(yOf(levels[0]!))}`;
  for (let i = 1; i < levels.length; i += 1) {
    if (levels[i] === levels[i - 1]) continue;
    const x = r((xOf(i - 1) + xOf(i)) / 2);
    d += `H${x}V${r(yOf(levels[i]!))}`;
  }
  d += `H${r(xEnd)}`;
  return `<path class="mallinje" d="${d}" ${style}/>`;
}

export interface LineSeries {
  namn: string;
  /** One value per category; undefined breaks the line. */
  värden: (Decimal | undefined)[];
  /** What the text alternative says instead of a value, per category (e.g. "saknas: Sekretess"), and "(preliminärt)" marks. */
  noter?: (string | undefined)[];
  färg: string;
  /** SVG dash pattern; solid when undefined. */
  streck?: string;
  markör: 'cirkel' | 'fyrkant' | 'triangel';
}

export interface LineChartInput {
  id: string;
  rubrik: string;
  enhet: string;
  decimaler: number;
  kategorier: string[];
  serier: LineSeries[];
  /** Target per category (a step line); undefined where there is none. */
  mål?: (Decimal | undefined)[];
  colours: ChartColours;
}

function marker(kind: LineSeries['markör'], x: number, y: number, colour: string): string {
  if (kind === 'fyrkant') return `<rect x="${r(x - 3.2)}" y="${r(y - 3.2)}" width="6.4" height="6.4" fill="${colour}"/>`;
  if (kind === 'triangel') return `<path d="M${r(x)} ${r(y - 4)}L${r(x + 4)} ${r(y + 3.2)}L${r(x - 4)} ${r(y + 3.2)}Z" fill="${colour}"/>`;
  return `<circle cx="${r(x)}" cy="${r(y)}" r="3.4" fill="${colour}"/>`;
}

/** A small line chart: categories (periods) along x, the series and the target as a dashed line. */
export function lineChart(input: LineChartInput): ChartView {
  const c = input.colours;
  const W = 480;
  const legend = input.serier.length > 1 || (input.mål?.some((m) => m !== undefined) ?? false);
  const H = legend ? 214 : 190;
  const right = 18;
  const top = 18;
  const bottom = legend ? 62 : 38;
  const plotH = H - top - bottom;
  const values = [...input.serier.flatMap((s) => s.värden), ...(input.mål ?? [])].filter((v): v is Decimal => v !== undefined).map((v) => v.toNumber());
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  // Headroom above the highest point for its value label.
  const ticks = niceTicks(lo, hi + (hi - lo || Math.abs(hi) || 1) * 0.12);
  const y0 = ticks[0]!;
  const y1 = ticks[ticks.length - 1]!;
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  const tickDecimals = decimalsOf(step);
  const tickLabels = ticks.map((t) => formatNumber(new Decimal(t), { decimals: tickDecimals }));
  // The y axis is as wide as its widest label; the first and last categories are inset so their value labels fit.
  const left = Math.max(40, Math.ceil(Math.max(...tickLabels.map(labelWidth)) + 14));
  const inset = 22;
  const plotW = W - left - right - 2 * inset;
  const yOf = (v: number) => top + plotH - ((v - y0) / (y1 - y0)) * plotH;
  const n = input.kategorier.length;
  const xOf = (i: number) => left + inset + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const parts: string[] = [];
  ticks.forEach((t, i) => {
    const y = r(yOf(t));
    parts.push(`<line x1="${left}" y1="${y}" x2="${W - right}" y2="${y}" stroke="${c.rutnät}" stroke-width="0.8"/>`);
    parts.push(`<text x="${left - 6}" y="${r(y + 4)}" text-anchor="end" font-size="12" fill="${c.text}">${esc(tickLabels[i]!)}</text>`);
  });
  input.kategorier.forEach((k, i) => {
    parts.push(`<text x="${r(xOf(i))}" y="${top + plotH + 16}" text-anchor="middle" font-size="12" fill="${c.text}">${esc(k)}</text>`);
  });
  if (input.mål) {
    const line = targetLine(input.mål, xOf, yOf, left, W - right, c.mål);
    if (line) parts.push(line);
  }
  for (const s of input.serier) {
    let d = '';
    let pen = false;
    s.värden.forEach((v, i) => {
      if (v === undefined) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${r(xOf(i))} ${r(yOf(v.toNumber()))}`;
      pen = true;
    });
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${s.färg}" stroke-width="2"${s.streck ? ` stroke-dasharray="${s.streck}"` : ''}/>`);
    s.värden.forEach((v, i) => {
      if (v !== undefined) parts.push(marker(s.markör, xOf(i), yOf(v.toNumber()), s.färg));
    });
  }
  // Value labels on the main series: the reader does not have to estimate from the grid.
  // (Only for a single series: with kvinnor and män beside it the labels would collide; the table has them.)
  const main = input.serier.length === 1 ? input.serier[0] : undefined;
  main?.värden.forEach((v, i) => {
    if (v === undefined) return;
    const label = formatNumber(v, { decimals: input.decimaler });
    const half = labelWidth(label) / 2;
    const x = Math.min(Math.max(xOf(i), left + half + 2), W - right - half);
    parts.push(`<text x="${r(x)}" y="${r(yOf(v.toNumber()) - 8)}" text-anchor="middle" font-size="12" font-weight="bold" fill="${c.text}">${esc(label)}</text>`);
  });
  if (legend) {
    let x = left;
    const y = H - 14;
    const item = (swatch: string, label: string) => {
      parts.push(swatch);
      parts.push(`<text x="${r(x + 26)}" y="${r(y + 3.5)}" font-size="12" fill="${c.text}">${esc(label)}</text>`);
      x += 36 + label.length * 7;
    };
    for (const s of input.serier) {
      item(`<line x1="${r(x)}" y1="${y}" x2="${r(x + 20)}" y2="${y}" stroke="${s.färg}" stroke-width="2"${s.streck ? ` stroke-dasharray="${s.streck}"` : ''}/>${marker(s.markör, x + 10, y, s.färg)}`, s.namn);
    }
    if (input.mål?.some((m) => m !== undefined)) item(`<line x1="${r(x)}" y1="${y}" x2="${r(x + 20)}" y2="${y}" stroke="${c.mål}" stroke-width="1.6" stroke-dasharray="6 4"/>`, 'Målvärde');
  }
  const unit = input.enhet === 'antal' || input.enhet === '' ? '' : `\u00a0${input.enhet}`;
  const fmt = (v: Decimal | undefined) => (v === undefined ? 'inget värde' : `${formatNumber(v, { decimals: input.decimaler })}${unit}`);
  const say = (s: LineSeries, i: number) => {
    const note = s.noter?.[i];
    if (s.värden[i] === undefined) return note ?? 'inget värde';
    return `${fmt(s.värden[i])}${note ? ` ${note}` : ''}`;
  };
  const described = input.serier.map((s) => `${input.serier.length > 1 ? `${s.namn}: ` : ''}${input.kategorier.map((k, i) => `${k} ${say(s, i)}`).join(', ')}`);
  const targets = (input.mål ?? []).map((m, i) => (m === undefined ? undefined : `${input.kategorier[i]} ${fmt(m)}`)).filter(Boolean);
  const beskrivning = `Linjediagram. ${described.join('. ')}.${targets.length ? ` Målvärde ${targets.join(', ')}.` : ''}`;
  return wrap(input.id, W, H, input.rubrik, beskrivning, parts);
}

export interface BarChartInput {
  id: string;
  rubrik: string;
  enhet: string;
  decimaler: number;
  staplar: { namn: string; värde: Decimal }[];
  colours: ChartColours;
}

/** Horizontal bars around zero: positive (favourable) and negative avvikelser, signed labels. */
export function barChart(input: BarChartInput): ChartView {
  const c = input.colours;
  const W = 600;
  const top = 10;
  const labelW = 230;
  const valueW = 70;
  // A long name is set on two or more lines (never cut off): its row grows with it.
  const lineH = 14;
  const labels = input.staplar.map((b) => wrapLabel(b.namn, labelW - 6));
  const rowHs = labels.map((lines) => Math.max(26, lines.length * lineH + 12));
  const rowTops = rowHs.map((_, i) => top + rowHs.slice(0, i).reduce((a, h) => a + h, 0));
  const plotBottom = top + rowHs.reduce((a, h) => a + h, 0);
  const H = plotBottom + 30;
  const nums = input.staplar.map((b) => b.värde.toNumber());
  const ticks = niceTicks(Math.min(0, ...nums), Math.max(0, ...nums));
  // Signed value labels sit outside the bars: leave them room on both sides.
  const labelRoom = Math.max(...input.staplar.map((b) => labelWidth(formatNumber(b.värde, { decimals: input.decimaler, plusSign: true })))) + 8;
  const plotLeft = labelW + 8 + (Math.min(0, ...nums) < 0 ? labelRoom : 0);
  const plotW = W - plotLeft - Math.max(valueW, labelRoom);
  const x0 = ticks[0]!;
  const x1 = ticks[ticks.length - 1]!;
  const xOf = (v: number) => plotLeft + ((v - x0) / (x1 - x0)) * plotW;
  const zero = r(xOf(0));
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  const parts: string[] = [];
  for (const t of ticks) {
    const x = r(xOf(t));
    parts.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${plotBottom}" stroke="${c.rutnät}" stroke-width="0.8"/>`);
    parts.push(`<text x="${x}" y="${plotBottom + 14}" text-anchor="middle" font-size="12" fill="${c.text}">${esc(formatNumber(new Decimal(t), { decimals: decimalsOf(step) }))}</text>`);
  }
  input.staplar.forEach((b, i) => {
    const y = rowTops[i]!;
    const mid = y + rowHs[i]! / 2;
    const v = b.värde.toNumber();
    const x = r(Math.min(xOf(v), xOf(0)));
    const w = r(Math.abs(xOf(v) - xOf(0)));
    const lines = labels[i]!;
    // One <text> per line (the PDF's SVG drawing sets each as its own line), centred on the bar.
    lines.forEach((line, k) => {
      const baseline = mid + 3.5 + (k - (lines.length - 1) / 2) * lineH;
      parts.push(`<text x="${labelW}" y="${r(baseline)}" text-anchor="end" font-size="12" fill="${c.text}">${esc(line)}</text>`);
    });
    parts.push(`<rect x="${x}" y="${r(mid - 8)}" width="${Math.max(w, 0.8)}" height="16" fill="${v < 0 ? c.negativ : c.positiv}"/>`);
    const label = formatNumber(b.värde, { decimals: input.decimaler, plusSign: true });
    const lx = v < 0 ? Math.min(xOf(v), xOf(0)) - 4 : Math.max(xOf(v), xOf(0)) + 4;
    parts.push(`<text x="${r(lx)}" y="${r(mid + 3.5)}" text-anchor="${v < 0 ? 'end' : 'start'}" font-size="12" fill="${c.text}">${esc(label)}</text>`);
  });
  parts.push(`<line x1="${zero}" y1="${top - 4}" x2="${zero}" y2="${plotBottom}" stroke="${c.text}" stroke-width="1"/>`);
  const beskrivning = `Stapeldiagram, ${input.enhet}. ${input.staplar.map((b) => `${b.namn} ${formatNumber(b.värde, { decimals: input.decimaler, plusSign: true })}`).join(', ')}.`;
  return wrap(input.id, W, H, input.rubrik, beskrivning, parts);
}

function wrap(id: string, W: number, H: number, rubrik: string, beskrivning: string, parts: string[]): ChartView {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" class="diagram-svg" role="img" aria-labelledby="${id}-titel ${id}-beskrivning" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="${FONT}">` +
    `<title id="${id}-titel">${esc(rubrik)}</title><desc id="${id}-beskrivning">${esc(beskrivning)}</desc>` +
    parts.join('') +
    '</svg>';
  return { id, svg, rubrik, beskrivning };
}

export interface ColumnChartInput {
  id: string;
  rubrik: string;
  enhet: string;
  decimaler: number;
  kategorier: string[];
  värden: (Decimal | undefined)[];
  noter?: (string | undefined)[];
  mål?: (Decimal | undefined)[];
  colours: ChartColours;
}

/** An indicator as columns from zero, one neutral colour (a value is not good or bad by colour), the target dashed. */
export function columnChart(input: ColumnChartInput): ChartView {
  const c = input.colours;
  const W = 480;
  const hasTarget = input.mål?.some((m) => m !== undefined) ?? false;
  const H = hasTarget ? 214 : 190;
  const top = 18;
  const bottom = hasTarget ? 62 : 38;
  const right = 18;
  const plotH = H - top - bottom;
  const nums = [...input.värden, ...(input.mål ?? [])].filter((v): v is Decimal => v !== undefined).map((v) => v.toNumber());
  const lo = Math.min(0, ...nums);
  const hi = Math.max(0, ...nums);
  const ticks = niceTicks(lo, hi + (hi - lo || 1) * 0.12);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  const tickLabels = ticks.map((t) => formatNumber(new Decimal(t), { decimals: decimalsOf(step) }));
  const left = Math.max(40, Math.ceil(Math.max(...tickLabels.map(labelWidth)) + 14));
  const y0 = ticks[0]!;
  const y1 = ticks[ticks.length - 1]!;
  const yOf = (v: number) => top + plotH - ((v - y0) / (y1 - y0)) * plotH;
  const n = Math.max(1, input.kategorier.length);
  const slot = (W - left - right) / n;
  const barW = Math.min(56, slot * 0.6);
  const xOf = (i: number) => left + slot * (i + 0.5);
  const parts: string[] = [];
  ticks.forEach((t, i) => {
    const y = r(yOf(t));
    parts.push(`<line x1="${left}" y1="${y}" x2="${W - right}" y2="${y}" stroke="${c.rutnät}" stroke-width="0.8"/>`);
    parts.push(`<text x="${left - 6}" y="${r(y + 4)}" text-anchor="end" font-size="12" fill="${c.text}">${esc(tickLabels[i]!)}</text>`);
  });
  input.värden.forEach((v, i) => {
    const x = xOf(i);
    parts.push(`<text x="${r(x)}" y="${top + plotH + 16}" text-anchor="middle" font-size="12" fill="${c.text}">${esc(input.kategorier[i] ?? '')}</text>`);
    if (v === undefined) return;
    const yv = yOf(v.toNumber());
    const yz = yOf(0);
    parts.push(`<rect x="${r(x - barW / 2)}" y="${r(Math.min(yv, yz))}" width="${r(barW)}" height="${Math.max(r(Math.abs(yz - yv)), 0.8)}" fill="${c.linje}"/>`);
    parts.push(`<text x="${r(x)}" y="${r(Math.min(yv, yz) - 5)}" text-anchor="middle" font-size="12" font-weight="bold" fill="${c.text}">${esc(formatNumber(v, { decimals: input.decimaler }))}</text>`);
  });
  if (hasTarget) {
    parts.push(targetLine(input.mål ?? [], xOf, yOf, left, W - right, c.mål));
    const y = H - 14;
    parts.push(`<line x1="${left}" y1="${y}" x2="${left + 20}" y2="${y}" stroke="${c.mål}" stroke-width="1.6" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${left + 26}" y="${r(y + 3.5)}" font-size="12" fill="${c.text}">Målvärde</text>`);
  }
  const unit = input.enhet === 'antal' || input.enhet === '' ? '' : `\u00a0${input.enhet}`;
  const say = (i: number) => {
    const v = input.värden[i];
    const note = input.noter?.[i];
    if (v === undefined) return note ?? 'inget värde';
    return `${formatNumber(v, { decimals: input.decimaler })}${unit}${note ? ` ${note}` : ''}`;
  };
  const targets = (input.mål ?? []).map((m, i) => (m === undefined ? undefined : `${input.kategorier[i]} ${formatNumber(m, { decimals: input.decimaler })}${unit}`)).filter(Boolean);
  const beskrivning = `Stapeldiagram. ${input.kategorier.map((k, i) => `${k} ${say(i)}`).join(', ')}.${targets.length ? ` Målvärde ${targets.join(', ')}.` : ''}`;
  return wrap(input.id, W, H, input.rubrik, beskrivning, parts);
}

/** The charts' colours, from the theme. */
export function chartColours(theme: Theme): ChartColours {
  return { ...theme.diagram, text: theme.färger.text };
}
