import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/format/decimal.js';
import { barChart, lineChart, niceTicks } from '../../src/render/charts.js';
import { DEFAULT_CHART_COLOURS } from '../../src/render/view-model.js';
import { ROOT } from '../helpers.js';
import { runCli, tempDir } from '../e2e/run-cli.js';

const d = (v: string) => new Decimal(v);

describe('chart SVG', () => {
  it('picks round ticks that cover the values', () => {
    expect(niceTicks(74.9, 80.1)).toEqual([74, 76, 78, 80, 82]);
    expect(niceTicks(-3.1, 4.5)).toEqual([-4, -2, 0, 2, 4, 6]);
    expect(niceTicks(5, 5)).toEqual([4.5, 4.75, 5, 5.25, 5.5]);
  });

  it('draws a line with its target dashed, and says every value in its text alternative', () => {
    const chart = lineChart({
      id: 'x-diagram',
      rubrik: 'Andel (%)',
      enhet: '%',
      decimaler: 1,
      kategorier: ['2021', '2022', '2023'],
      serier: [{ namn: 'Totalt', värden: [d('61'), undefined, d('61.5')], färg: '#1f5a96', markör: 'cirkel' }],
      mål: [undefined, undefined, d('77')],
      colours: DEFAULT_CHART_COLOURS,
    });
    expect(chart.beskrivning).toBe('Linjediagram. 2021 61,0\u00a0%, 2022 inget värde, 2023 61,5\u00a0%. Målvärde 2023 77,0\u00a0%.');
    expect(chart.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="diagram-svg" role="img" aria-labelledby="x-diagram-titel x-diagram-beskrivning" viewBox="0 0 480 214"/);
    expect(chart.svg).toContain('<title id="x-diagram-titel">Andel (%)</title>');
    expect(chart.svg).toContain('stroke-dasharray="6 4"');
    // A missing value breaks the line: two separate moves, no line through 2022.
    expect(chart.svg).toMatch(/<path d="M[\d. ]+M[\d. ]+" fill="none" stroke="#1f5a96" stroke-width="2"\/>/);
  });

  it('shows avvikelser as signed bars: colour and a sign, never colour alone', () => {
    const chart = barChart({ id: 'b', rubrik: 'Avvikelse', enhet: 'mnkr', decimaler: 1, staplar: [{ namn: 'A', värde: d('4.5') }, { namn: 'B', värde: d('-3.1') }], colours: DEFAULT_CHART_COLOURS });
    expect(chart.beskrivning).toBe('Stapeldiagram, mnkr. A +4,5, B −3,1.');
    expect(chart.svg).toContain(`fill="${DEFAULT_CHART_COLOURS.positiv}"`);
    expect(chart.svg).toContain(`fill="${DEFAULT_CHART_COLOURS.negativ}"`);
    expect(chart.svg).toContain('>+4,5</text>');
    expect(chart.svg).toContain('>−3,1</text>');
  });
});

describe('charts in the built reports', () => {
  it('are inline SVG figures in the HTML and tagged vector Figures with the same text in the PDF', async () => {
    const out = tempDir();
    const r = await runCli(['build', path.join(ROOT, 'examples', 'eskilstuna'), '--out', out], ROOT);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(path.join(out, 'arbetsmarknadsnamnden-dr2-2023.html'), 'utf8');
    expect(html).toContain('<figure class="diagram" aria-labelledby="forvarvsarbetande-diagram-rubrik">');
    expect(html).toContain(
      '<desc id="forvarvsarbetande-diagram-beskrivning">Linjediagram. Totalt: 2019 76,4\u00a0%, 2020 75,1\u00a0%, 2021 76,0\u00a0%, 2022 78,3\u00a0%. Kvinnor: 2019 74,9\u00a0%, 2020 73,8\u00a0%, 2021 74,6\u00a0%, 2022 77,1\u00a0%. Män: 2019 77,8\u00a0%, 2020 76,3\u00a0%, 2021 77,3\u00a0%, 2022 79,4\u00a0%. Målvärde 2022 78,0\u00a0%.</desc>',
    );
    const sen = readFileSync(path.join(out, 'servicenamnden-dr2-2023.html'), 'utf8');
    expect(sen).toContain('Stapeldiagram, mnkr. Nämnd, Ledning och Stöd +4,5, Område 1 +0,2, Område 2 +2,0, Område 3 −3,1, Område 5 −1,0, Område 4 −1,5.');
    const pdf = path.join(out, 'arbetsmarknadsnamnden-dr2-2023.pdf');
    const structure = execFileSync('pdfinfo', ['-struct', pdf], { encoding: 'utf8' });
    // The chart (and the drift chart's report has its own): Figures in the structure tree.
    expect(structure.match(/^\s+Figure:?$/gm)?.length).toBe(2);
    const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 }).toString('latin1');
    const alts = [...qdf.matchAll(/\/Alt <feff([0-9a-fA-F]+)>/g)].map((m) => Buffer.from(m[1]!, 'hex').swap16().toString('utf16le'));
    // The PDF's alternative text is the HTML's: the chart's title, then its description.
    expect(alts).toContain(
      'Förvärvsarbetande invånare 20–64 år, andel (%). Linjediagram. Totalt: 2019 76,4\u00a0%, 2020 75,1\u00a0%, 2021 76,0\u00a0%, 2022 78,3\u00a0%. Kvinnor: 2019 74,9\u00a0%, 2020 73,8\u00a0%, 2021 74,6\u00a0%, 2022 77,1\u00a0%. Män: 2019 77,8\u00a0%, 2020 76,3\u00a0%, 2021 77,3\u00a0%, 2022 79,4\u00a0%. Målvärde 2022 78,0\u00a0%.',
    );
    // The chart's axis labels are drawn as text in the embedded fonts, not as outlines or a picture.
    expect(execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean)).toEqual([]);
  }, 120_000);
});
