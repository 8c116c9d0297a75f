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
    const segs: string[] = [];
    input.mål.forEach((m, i) => {
      if (m === undefined) return;
      const y = r(yOf(m.toNumber()));
      const half = n === 1 ? plotW / 2 + inset : plotW / (2 * (n - 1));
      const xa = Math.max(left, xOf(i) - half);
      const xb = Math.min(W - right, xOf(i) + half);
      segs.push(`M${r(xa)} ${y}H${r(xb)}`);
    });
    if (segs.length) parts.push(`<path d="${segs.join('')}" fill="none" stroke="${c.mål}" stroke-width="1.6" stroke-dasharray="6 4"/>`);
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
  const rowH = 26;
  const top = 10;
  const labelW = 230;
  const valueW = 70;
  const H = top + input.staplar.length * rowH + 30;
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
  const plotBottom = top + input.staplar.length * rowH;
  for (const t of ticks) {
    const x = r(xOf(t));
    parts.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${plotBottom}" stroke="${c.rutnät}" stroke-width="0.8"/>`);
    parts.push(`<text x="${x}" y="${plotBottom + 14}" text-anchor="middle" font-size="12" fill="${c.text}">${esc(formatNumber(new Decimal(t), { decimals: decimalsOf(step) }))}</text>`);
  }
  input.staplar.forEach((b, i) => {
    const y = top + i * rowH;
    const v = b.värde.toNumber();
    const x = r(Math.min(xOf(v), xOf(0)));
    const w = r(Math.abs(xOf(v) - xOf(0)));
    const name = b.namn.length > 32 ? `${b.namn.slice(0, 31)}…` : b.namn;
    parts.push(`<text x="${labelW}" y="${r(y + rowH / 2 + 3.5)}" text-anchor="end" font-size="12" fill="${c.text}">${esc(name)}</text>`);
    parts.push(`<rect x="${x}" y="${r(y + 5)}" width="${Math.max(w, 0.8)}" height="${rowH - 10}" fill="${v < 0 ? c.negativ : c.positiv}"/>`);
    const label = formatNumber(b.värde, { decimals: input.decimaler, plusSign: true });
    const lx = v < 0 ? Math.min(xOf(v), xOf(0)) - 4 : Math.max(xOf(v), xOf(0)) + 4;
    parts.push(`<text x="${r(lx)}" y="${r(y + rowH / 2 + 3.5)}" text-anchor="${v < 0 ? 'end' : 'start'}" font-size="12" fill="${c.text}">${esc(label)}</text>`);
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
    const segs = (input.mål ?? [])
      .map((m, i) => (m === undefined ? '' : `M${r(xOf(i) - slot / 2)} ${r(yOf(m.toNumber()))}H${r(xOf(i) + slot / 2)}`))
      .join('');
    parts.push(`<path d="${segs}" fill="none" stroke="${c.mål}" stroke-width="1.6" stroke-dasharray="6 4"/>`);
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
