import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { runCli, tempDir } from '../e2e/run-cli.js';

describe('rapport build --cache', () => {
  it('renders only the reports whose inputs changed, and rebuilds an output that was altered', async () => {
    const dir = path.join(tempDir(), 'eskilstuna');
    cpSync(path.join(ROOT, 'examples', 'eskilstuna'), dir, { recursive: true });
    const build = () => runCli(['build', '.', '--out', 'ut', '--cache'], dir);
    const first = await build();
    expect(first.code, first.stderr).toBe(0);
    // Three nämnder and the sammanställning, HTML and PDF each.
    expect(first.stdout.match(/^skrev /gm)).toHaveLength(8);
    const sen = path.join(dir, 'ut', 'servicenamnden-dr2-2023.pdf');
    const before = statSync(sen).mtimeMs;
    const bytes = readFileSync(sen);

    // Nothing changed: nothing is rendered, and the outputs and their checksums are reported as before.
    const second = await build();
    expect(second.stdout.match(/^oförändrad /gm)).toHaveLength(6);
    expect(second.stdout).toContain('oförändrad ut/servicenamnden-dr2-2023.pdf');
    expect(statSync(sen).mtimeMs).toBe(before);

    // One figure in AVN: only AVN is rendered again (the sammanställning is not cached: it is cheap).
    const eko = path.join(dir, 'arbetsmarknadsnamnden-dr2-2023', 'ekonomi.yaml');
    writeFileSync(eko, readFileSync(eko, 'utf8').replace(/(\n\s+utfall: )(-?\d+\.\d)/, (_m, a: string, v: string) => `${a}${(Number(v) + 0).toFixed(1)}0`));
    const third = await build();
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toContain('skrev ut/arbetsmarknadsnamnden-dr2-2023.pdf');
    expect(third.stdout).toContain('oförändrad ut/servicenamnden-dr2-2023.pdf');

    // An output changed by hand is not trusted: it is rebuilt, identical to the first build.
    writeFileSync(sen, 'ändrad');
    const fourth = await build();
    expect(fourth.stdout).toContain('skrev ut/servicenamnden-dr2-2023.pdf');
    expect(readFileSync(sen).equals(bytes)).toBe(true);
  }, 180_000);

  it('renders again when the logo named by the profile’s theme changes (the old logo was kept)', async () => {
    const dir = path.join(tempDir(), 'linkoping');
    cpSync(path.join(ROOT, 'examples', 'linkoping'), dir, { recursive: true });
    const logo = (colour: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60"><rect width="200" height="60" fill="${colour}"/></svg>\n`;
    writeFileSync(path.join(dir, 'logo.svg'), logo('#003b6f'));
    const tema = path.join(dir, 'tema.yaml');
    writeFileSync(tema, `${readFileSync(tema, 'utf8')}\nlogotyp: { fil: logo.svg, alt: "Linköpings kommun", bredd: 40 }\n`);
    const build = () => runCli(['build', 'kommunstyrelsen-vb-2023', '--out', 'ut', '--cache'], dir);
    const first = await build();
    expect(first.code, first.stderr).toBe(0);
    const html = path.join(dir, 'ut', 'kommunstyrelsen-vb-2023.html');
    const firstLogo = /data:image\/svg\+xml;base64,[^"]+/.exec(readFileSync(html, 'utf8'))?.[0];
    expect(firstLogo).toBeDefined();
    expect((await build()).stdout).toContain('oförändrad ut/kommunstyrelsen-vb-2023.pdf');
    writeFileSync(path.join(dir, 'logo.svg'), logo('#0a6ebd'));
    const third = await build();
    expect(third.stdout).toContain('skrev ut/kommunstyrelsen-vb-2023.html');
    expect(third.stdout).toContain('skrev ut/kommunstyrelsen-vb-2023.pdf');
    const thirdLogo = /data:image\/svg\+xml;base64,[^"]+/.exec(readFileSync(html, 'utf8'))?.[0];
    expect(Buffer.from(thirdLogo!.split(',')[1]!, 'base64').toString('utf8')).toContain('#0a6ebd');
  }, 180_000);
});
