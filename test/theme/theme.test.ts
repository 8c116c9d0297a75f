import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTheme, ThemeSchema, themeCss } from '../../src/theme/theme.js';
import { runCli, tempDir } from '../e2e/run-cli.js';
import { EXAMPLE, ROOT } from '../helpers.js';

const TEMPLATES = path.join(ROOT, 'templates');

/** A copy of the bundled templates folder to edit. */
function copyTemplates(): string {
  const dir = path.join(tempDir(), 'mallar');
  cpSync(TEMPLATES, dir, { recursive: true });
  return dir;
}

describe('templates/tema.yaml', () => {
  it('is valid and spells out the defaults', () => {
    const { loaded, diagnostics } = loadTheme(TEMPLATES, ROOT);
    expect(diagnostics).toEqual([]);
    expect(loaded!.theme).toEqual(ThemeSchema.parse({}));
  });

  it('becomes CSS custom properties and the page rule', () => {
    const css = themeCss(ThemeSchema.parse({ färger: { accent: '#005a9c' }, sida: { marginaler: { vänster: 30 } } }));
    expect(css).toContain('--accent: #005a9c;');
    expect(css).toContain('@page { size: A4; margin: 26mm 24mm 24mm 30mm; }');
  });
});

describe('a theme with errors', () => {
  it('reports a bad colour at its line and column', () => {
    const dir = copyTemplates();
    const file = path.join(dir, 'tema.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('accent: "#2f6b9a"', 'accent: blå'));
    const { diagnostics } = loadTheme(dir, dir);
    expect(diagnostics.map((d) => [d.code, d.pos, d.message])).toEqual([
      ['schema.format', { file: 'tema.yaml', line: 11, column: 11 }, 'färger.accent: "blå" har fel form: färgen skrivs #rrggbb'],
    ]);
  });

  it('refuses a logo outside the templates folder', () => {
    const dir = copyTemplates();
    const file = path.join(dir, 'tema.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('# logotyp:', 'logotyp:').replace('fil: logotyp.svg', 'fil: ../../etc/x.svg'));
    const { diagnostics } = loadTheme(dir, dir);
    expect(diagnostics.map((d) => d.code)).toEqual(['tema.logotyp']);
  });

  it('stops the build with exit code 1', async () => {
    const dir = copyTemplates();
    const file = path.join(dir, 'tema.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('storlek: 9.8', 'storlek: 40'));
    const r = await runCli(['build', EXAMPLE, '--mallar', dir, '--out', tempDir()], ROOT);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('fel[schema.gräns]: typsnitt.storlek: värdet 40 är större än 14');
  });
});

describe('a kommun theme', () => {
  it('changes the colours of the built HTML', async () => {
    const dir = copyTemplates();
    const file = path.join(dir, 'tema.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('rubrik: "#173a5e"', 'rubrik: "#6b1d1d"'));
    const out = tempDir();
    const r = await runCli(['build', EXAMPLE, '--mallar', dir, '--out', out], ROOT);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(out, 'servicenamnden-dr2-2023.html'), 'utf8')).toContain('--heading: #6b1d1d;');
  }, 60_000);
});

describe('the theme in the PDF', () => {
  const leftOfBody = (pdf: string) => {
    // x of the first word on page 3 (the first body page), from poppler's word boxes.
    const html = execFileSync('pdftotext', ['-bbox', '-f', '3', '-l', '3', pdf, '-'], { encoding: 'utf8' });
    const xs = [...html.matchAll(/<word xMin="([\d.]+)"/g)].map((m) => Number(m[1]));
    return Math.min(...xs);
  };

  it('moves the text by the left margin, in millimetres', async () => {
    const dir = copyTemplates();
    const file = path.join(dir, 'tema.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('vänster: 24', 'vänster: 40'));
    const [standard, themed] = [tempDir(), tempDir()];
    expect((await runCli(['build', EXAMPLE, '--out', standard], ROOT)).code).toBe(0);
    expect((await runCli(['build', EXAMPLE, '--mallar', dir, '--out', themed], ROOT)).code).toBe(0);
    const mm = 72 / 25.4;
    expect(leftOfBody(path.join(standard, 'servicenamnden-dr2-2023.pdf'))).toBeCloseTo(24 * mm, 0);
    expect(leftOfBody(path.join(themed, 'servicenamnden-dr2-2023.pdf'))).toBeCloseTo(40 * mm, 0);
  }, 60_000);

  it('does not leak into the next render in the same process', async () => {
    const dir = copyTemplates();
    const file = path.join(dir, 'tema.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('storlek: 9.8', 'storlek: 12').replace('rubrik: "#173a5e"', 'rubrik: "#6b1d1d"'));
    const [first, themed, after] = [tempDir(), tempDir(), tempDir()];
    await runCli(['build', EXAMPLE, '--out', first], ROOT);
    await runCli(['build', EXAMPLE, '--mallar', dir, '--out', themed], ROOT);
    await runCli(['build', EXAMPLE, '--out', after], ROOT);
    const pdf = (d: string) => readFileSync(path.join(d, 'servicenamnden-dr2-2023.pdf'));
    expect(pdf(themed).equals(pdf(first))).toBe(false);
    expect(pdf(after).equals(pdf(first))).toBe(true);
  }, 90_000);
});

describe('a logo in the theme', () => {
  const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60"><rect width="60" height="60" fill="#1f4e79"/><text x="70" y="40" font-size="28">Kommun</text></svg>';
  // A 1×1 PNG.
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

  async function buildWithLogo(file: string, data: string | Buffer, alt: string) {
    const dir = copyTemplates();
    writeFileSync(path.join(dir, file), data);
    const tema = path.join(dir, 'tema.yaml');
    writeFileSync(tema, readFileSync(tema, 'utf8').replace(/^# logotyp: .*$/m, `logotyp: { fil: ${file}, alt: "${alt}", bredd: 50 }`));
    const out = tempDir();
    const r = await runCli(['build', EXAMPLE, '--mallar', dir, '--out', out], ROOT);
    expect(r.code, r.stderr).toBe(0);
    return { html: readFileSync(path.join(out, 'servicenamnden-dr2-2023.html'), 'utf8'), pdf: path.join(out, 'servicenamnden-dr2-2023.pdf') };
  }

  it('is on the title page of the HTML with its alternative text', async () => {
    const { html } = await buildWithLogo('logotyp.svg', SVG, 'Exempel kommun');
    // Handlebars escapes "=" in the data URI as &#x3D;, which the browser decodes.
    expect(html).toMatch(/<img class="logotyp" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/]+(&#x3D;)*" alt="Exempel kommun" style="width: 50mm">/);
  }, 60_000);

  it('is a vector Figure with Alt text in the PDF, with SVG text in embedded fonts', async () => {
    const { pdf } = await buildWithLogo('logotyp.svg', SVG, 'Exempel kommun');
    const structure = execFileSync('pdfinfo', ['-struct', pdf], { encoding: 'utf8' });
    // The title page's Sect holds the logo (at its foot, after the title in reading order).
    const sect = /^Document\n {2}Sect\n((?: {4}.*\n)+)/.exec(structure)?.[1] ?? '';
    expect(sect).toMatch(/^ {4}Figure/m);
    const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 }).toString('latin1');
    expect(qdf).toMatch(/\/Alt \(Exempel kommun\)|\/Alt <feff/);
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    for (const line of fonts) expect(line, line).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+$/);
  }, 60_000);

  it('as a PNG is embedded as an image', async () => {
    const { pdf } = await buildWithLogo('logotyp.png', PNG, 'Exempel kommun');
    const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    // The picture, and its alpha channel as a soft mask (allowed in PDF/A-2 and later).
    expect(images.map((l) => l.trim().split(/\s+/).slice(2, 5).join(' '))).toEqual(['image 1 1', 'smask 1 1']);
  }, 60_000);
});

describe('a hostile or broken logo', () => {
  async function themeWith(file: string, data: string | Buffer | null, bredd = 50) {
    const dir = copyTemplates();
    if (data === null) mkdirSync(path.join(dir, file));
    else writeFileSync(path.join(dir, file), data);
    const tema = path.join(dir, 'tema.yaml');
    writeFileSync(tema, readFileSync(tema, 'utf8').replace(/^# logotyp: .*$/m, `logotyp: { fil: ${file}, alt: "Kommun", bredd: ${bredd} }`));
    return dir;
  }

  for (const [name, file, data, message] of [
    ['a PNG that is not a PNG', 'logotyp.png', 'inte en bild', 'logotypen "logotyp.png" kan inte användas: filen är ingen PNG-bild'],
    ['a folder', 'logotyp.svg', null, 'logotypen "logotyp.svg" är ingen fil'],
    ['an SVG without a size', 'logotyp.svg', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 0"/>', 'logotypen "logotyp.svg" kan inte användas: SVG-bilden saknar storlek: ange viewBox (eller width och height) med positiva tal'],
    ['a far too tall SVG', 'logotyp.svg', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 100"/>', 'logotypen "logotyp.svg" blir 5000 mm hög med bredden 50 mm; högst 60 mm'],
  ] as const) {
    it(`is refused at its line: ${name}`, async () => {
      const dir = await themeWith(file, data);
      const { diagnostics } = loadTheme(dir, dir);
      expect(diagnostics.map((d) => [d.code, d.message, d.pos?.file])).toEqual([['tema.logotyp', message, 'tema.yaml']]);
      const r = await runCli(['build', EXAMPLE, '--mallar', dir, '--out', tempDir()], ROOT);
      expect(r.code).toBe(1);
      expect(r.stderr).not.toMatch(/internt fel|\n\s+at /);
    });
  }

  it('loses its scripts, links and external images, in both formats', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 30" onload="alert(1)">' +
      '<script>alert(1)</script><a xlink:href="https://evil.example/x"><rect width="30" height="30"/></a>' +
      '<image xlink:href="/etc/passwd" width="10" height="10"/><foreignObject><p>x</p></foreignObject><circle cx="60" cy="15" r="10"/></svg>';
    const dir = await themeWith('logotyp.svg', svg);
    const { loaded } = loadTheme(dir, dir);
    const clean = loaded!.logo!.bytes.toString('utf8');
    expect(clean).toContain('<circle');
    expect(clean).not.toMatch(/script|onload|evil\.example|<a |<image|foreignObject|passwd/);
    const out = tempDir();
    expect((await runCli(['build', EXAMPLE, '--mallar', dir, '--out', out], ROOT)).code).toBe(0);
    const pdf = path.join(out, 'servicenamnden-dr2-2023.pdf');
    const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 }).toString('latin1');
    expect(qdf).not.toContain('evil.example');
    expect(execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean)).toEqual([]);
  }, 60_000);
});

describe('every theme variable', () => {
  it('is used by the stylesheet, so every theme key reaches the HTML', () => {
    const css = readFileSync(path.join(TEMPLATES, 'rapport.css'), 'utf8');
    const variables = [...themeCss(ThemeSchema.parse({})).matchAll(/^\s+(--[a-z-]+):/gm)].map((m) => m[1]);
    expect(variables.length).toBe(14);
    for (const v of variables) expect(css, `${v} is not used`).toContain(`var(${v})`);
    // The stylesheet defines none of them itself: the theme is the only source.
    expect(css).not.toMatch(/^\s*--[a-z-]+\s*:/m);
  });
});

describe('theme colours', () => {
  it('must give text 4.5:1 contrast, reported at the colour', async () => {
    const dir = copyTemplates();
    const file = path.join(dir, 'tema.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('länk: "#1f5a96"', 'länk: "#ffff00"'));
    const { diagnostics } = loadTheme(dir, dir);
    expect(diagnostics.map((d) => [d.code, d.pos, d.message])).toEqual([
      ['tema.kontrast', { file: 'tema.yaml', line: 10, column: 9 }, 'färger.länk #ffff00 har kontrasten 1,07:1 mot vit bakgrund; text kräver minst 4,5:1 (WCAG 2.1 AA)'],
    ]);
  });

  it('are checked against the table fills too', () => {
    const dir = copyTemplates();
    const file = path.join(dir, 'tema.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('tabellhuvud: "#e9eef3"', 'tabellhuvud: "#7a7a7a"'));
    expect(loadTheme(dir, dir).diagnostics.map((d) => d.message)[0]).toBe('färger.text #1b1b1b har kontrasten 4,01:1 mot färger.tabellhuvud; text kräver minst 4,5:1 (WCAG 2.1 AA)');
  });
});

describe('theme errors in CI', () => {
  it('are GitHub annotations with --format github', async () => {
    const dir = copyTemplates();
    const file = path.join(dir, 'tema.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('accent: "#2f6b9a"', 'accent: blå'));
    const r = await runCli(['build', EXAMPLE, '--mallar', dir, '--out', tempDir(), '--format', 'github'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error file=tema.yaml,line=11,col=11,title=schema.format::färger.accent');
  });
});
