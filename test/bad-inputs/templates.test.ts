/**
 * A templates folder given with --mallar (and a profile's theme) comes from a pull request, and CI
 * holds secrets (issue 14): every file the templates use is read only as a regular file inside the
 * folder, bounded in size, once — a link to /proc/self/environ or /etc/passwd, a FIFO, /dev/zero or a
 * link in a circle is a located diagnostic or is never touched, and nothing of it reaches the output.
 * Templates cannot write to the terminal ({{log}}) or make the build hang (recursive and exponential
 * partials).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { templateChecksums } from '../../src/build/provenance.js';
import { loadTemplates } from '../../src/render/html.js';
import { checkTemplates, MAX_EXPANSIONS, readTemplates } from '../../src/render/template-check.js';
import { runCli } from '../e2e/run-cli.js';
import { EXAMPLE, ROOT } from '../helpers.js';
import { STACK_TRACE } from './support.js';

const TEMPLATES = path.join(ROOT, 'templates');

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  pos?: { file: string; line?: number; column?: number };
}

/** A project with the example report in `rapport/` and a copy of the templates in `mallar/`, then changed. */
function withTemplates(change: (mallar: string) => void): { root: string; mallar: string; out: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'rapport-mallar-'));
  cpSync(EXAMPLE, path.join(root, 'rapport'), { recursive: true });
  const mallar = path.join(root, 'mallar');
  cpSync(TEMPLATES, mallar, { recursive: true });
  change(mallar);
  return { root, mallar, out: path.join(root, 'ut') };
}

const replaceIn = (mallar: string, name: string, from: string, to: string) => {
  const file = path.join(mallar, name);
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${from} finns inte i ${name}`);
  writeFileSync(file, text.replace(from, to));
};

const link = (mallar: string, name: string, target: string) => {
  rmSync(path.join(mallar, name), { force: true, recursive: true });
  symlinkSync(target, path.join(mallar, name));
};

async function build(root: string, format: 'json' | 'pretty') {
  const args = ['build', 'rapport', '--out', 'ut', '--mallar', 'mallar', ...(format === 'json' ? ['--format', 'json'] : [])];
  return runCli(args, root);
}

/** Both formats: exit 1, the diagnostic at its place, no stack trace, no output written. */
async function expectRefused(root: string, out: string, code: string, file: string, message?: RegExp): Promise<string> {
  const json = await build(root, 'json');
  const pretty = await build(root, 'pretty');
  for (const r of [json, pretty]) {
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(1);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(STACK_TRACE);
  }
  const diagnostics = (JSON.parse(json.stdout) as { rapporter: { diagnostik: JsonDiagnostic[] }[] }).rapporter.flatMap((r) => r.diagnostik);
  const listed = diagnostics.map((d) => `${d.code} ${d.pos?.file}:${d.pos?.line}:${d.pos?.column} ${d.message}`).join('\n');
  const hit = diagnostics.find((d) => d.code === code && d.severity === 'error' && d.pos?.file === file);
  expect(hit, listed).toBeDefined();
  expect(hit!.pos?.line, listed).toBeGreaterThanOrEqual(1);
  if (message) expect(hit!.message).toMatch(message);
  expect(pretty.stderr).toContain(`${file}:${hit!.pos!.line}:${hit!.pos!.column}: fel[${code}]`);
  expect(existsSync(path.join(out, 'rapport.html'))).toBe(false);
  expect(existsSync(path.join(out, 'rapport.pdf'))).toBe(false);
  return [json, pretty].map((r) => `${r.stdout}${r.stderr}`).join('\n');
}

/** The entries of this process's environment as the kernel has it (what /proc/self/environ shows). */
function environEntries(): string[] {
  return readFileSync('/proc/self/environ', 'latin1').split('\0').filter((e) => e.length >= 8);
}

const helpers: ChildProcess[] = [];
afterEach(() => {
  for (const child of helpers.splice(0)) child.kill('SIGKILL');
});

/**
 * A FIFO at `file`, and a writer that opens it, again and again, after `seconds` (so a reader that
 * blocks on it — the old behaviour — gets "body{}" in the end instead of hanging the test run).
 */
function fifoWithLateWriter(file: string, seconds: number): void {
  rmSync(file, { force: true });
  execFileSync('mkfifo', [file]);
  const child = spawn('sh', ['-c', `sleep ${seconds}; while :; do echo 'body{}' > "$0"; done`, file], { stdio: 'ignore', detached: true });
  child.unref();
  helpers.push(child);
}

describe('--mallar: files that link out of the folder', () => {
  it('rapport.css → /proc/self/environ is refused (fil.utanför), nothing of the environment is published', async () => {
    const { root, out } = withTemplates((mallar) => link(mallar, 'rapport.css', '/proc/self/environ'));
    const output = await expectRefused(root, out, 'fil.utanför', 'mallar/rapport.css', /pekar ut ur mallmappen/);
    for (const entry of environEntries()) expect(output).not.toContain(entry);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  }, 60_000);

  it('rapport.css → /etc/passwd is refused (fil.utanför), and "root:" appears nowhere', async () => {
    const { root, out } = withTemplates((mallar) => link(mallar, 'rapport.css', '/etc/passwd'));
    const output = await expectRefused(root, out, 'fil.utanför', 'mallar/rapport.css');
    expect(output).not.toContain('root:');
  }, 60_000);

  it('tema.yaml → /etc/passwd is refused (fil.utanför) without parsing or printing it', async () => {
    const { root, out } = withTemplates((mallar) => link(mallar, 'tema.yaml', '/etc/passwd'));
    const output = await expectRefused(root, out, 'fil.utanför', 'mallar/tema.yaml');
    expect(output).not.toContain('root:');
  }, 60_000);

});

describe('--mallar: files that are not regular files, or links in a circle', () => {
  it('a FIFO as rapport.css is fil.ingen-fil at once; the build never waits for a writer', async () => {
    const { root, out, mallar } = withTemplates(() => {});
    fifoWithLateWriter(path.join(mallar, 'rapport.css'), 15);
    const start = Date.now();
    await expectRefused(root, out, 'fil.ingen-fil', 'mallar/rapport.css');
    expect(Date.now() - start).toBeLessThan(12_000);
  }, 60_000);

  it('rapport.css as a link to itself is a located error (fil.utanför), not a crash', async () => {
    const { root, out } = withTemplates((mallar) => link(mallar, 'rapport.css', 'rapport.css'));
    await expectRefused(root, out, 'fil.utanför', 'mallar/rapport.css', /i cirkel/);
  }, 60_000);

  it('tema.yaml and partials in a circle of links are located errors, not the default theme in silence', async () => {
    const { root, out } = withTemplates((mallar) => {
      link(mallar, 'tema.yaml', 'tema2.yaml');
      link(mallar, 'tema2.yaml', 'tema.yaml');
    });
    await expectRefused(root, out, 'fil.utanför', 'mallar/tema.yaml', /i cirkel/);
    const partials = withTemplates((mallar) => {
      link(mallar, 'partials/status.hbs', 'kommentar2.hbs');
      link(mallar, 'partials/kommentar2.hbs', 'status.hbs');
    });
    await expectRefused(partials.root, partials.out, 'fil.utanför', 'mallar/partials/status.hbs', /i cirkel/);
  }, 60_000);

  // Decision for files the templates do not use: exit 0. They are not part of the templates (only
  // rapport.hbs, kommun.hbs, partials/*.hbs, rapport.css, tema.yaml and its logo are), so they do not
  // shape the document and are not in its provenance; refusing them would make any stray file fatal.
  async function buildsWithout(change: (mallar: string) => void, fifo?: string): Promise<void> {
    const { root, mallar } = withTemplates(change);
    if (fifo) fifoWithLateWriter(path.join(mallar, fifo), 20);
    const start = Date.now();
    const r = await build(root, 'json');
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - start).toBeLessThan(20_000);
    // The provenance lists exactly the files the templates use.
    const xmp = execFileSync('pdfinfo', ['-meta', path.join(root, 'ut', 'rapport.pdf')], { encoding: 'utf8' });
    const listed = /<rapport:templates>([^<]*)</.exec(xmp)![1]!.split('; ').map((e) => e.split(' ')[0]);
    expect(listed).toEqual(['kommun.hbs', ...readdirSync(path.join(TEMPLATES, 'partials')).sort().map((f) => `partials/${f}`), 'rapport.css', 'rapport.hbs', 'tema.yaml']);
  }

  it('a link to /dev/zero that the templates do not use is neither read nor hashed', async () => {
    await buildsWithout((m) => {
      symlinkSync('/dev/zero', path.join(m, 'noll.bin'));
      symlinkSync('/dev/zero', path.join(m, 'partials', 'noll.txt'));
    });
  }, 60_000);

  it('a FIFO that the templates do not use is never opened', async () => {
    await buildsWithout(() => {}, 'rör.css');
  }, 60_000);

  it('folders and links in a circle that the templates do not use are not walked', async () => {
    await buildsWithout((m) => {
      symlinkSync('.', path.join(m, 'ring'));
      symlinkSync('själv', path.join(m, 'själv'));
      mkdirSync(path.join(m, 'bilder'));
      symlinkSync('..', path.join(m, 'bilder', 'upp'));
    });
  }, 60_000);
});

describe('the templates are read once', () => {
  it('what was checked is what is compiled and hashed, even if the folder changes after the check', () => {
    const { mallar } = withTemplates(() => {});
    const css = readFileSync(path.join(mallar, 'rapport.css'));
    const hbs = readFileSync(path.join(mallar, 'rapport.hbs'));
    expect(checkTemplates(mallar, path.dirname(mallar))).toEqual([]);
    writeFileSync(path.join(mallar, 'rapport.css'), 'body { color: red }');
    writeFileSync(path.join(mallar, 'rapport.hbs'), '{{läsfil "/etc/passwd"}}');
    expect(loadTemplates(mallar).css).toBe(css.toString('utf8'));
    const sums = templateChecksums(mallar).split('; ');
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sums).toContain(`rapport.css sha256:${sha(css)}`);
    expect(sums).toContain(`rapport.hbs sha256:${sha(hbs)}`);
    // The next build reads the folder again.
    expect(checkTemplates(mallar, path.dirname(mallar)).map((d) => d.code)).toEqual(['mall.fel']);
  });
});

describe('{{log}}', () => {
  it('is refused (mall.fel at the call), and --format json stays parseable JSON', async () => {
    const { root } = withTemplates((mallar) => replaceIn(mallar, 'rapport.hbs', '</body>', '{{log "hemligt"}}</body>'));
    // Everything written to the process's stdout, as a CI job's log sees it.
    const written: string[] = [];
    const spies = (['log', 'info', 'debug', 'warn', 'error'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void written.push(a.join(' '))));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    let r;
    try {
      r = await build(root, 'json');
    } finally {
      for (const s of spies) s.mockRestore();
      write.mockRestore();
    }
    const stdout = written.join('') + r.stdout;
    expect(() => JSON.parse(stdout), stdout).not.toThrow();
    expect(stdout).not.toMatch(/^hemligt/m);
    const diagnostics = (JSON.parse(stdout) as { rapporter: { diagnostik: JsonDiagnostic[] }[] }).rapporter.flatMap((x) => x.diagnostik);
    const hit = diagnostics.find((d) => d.code === 'mall.fel' && d.pos?.file === 'mallar/rapport.hbs');
    expect(hit?.message).toMatch(/"log"/);
    const text = readFileSync(path.join(root, 'mallar', 'rapport.hbs'), 'utf8');
    expect(hit?.pos?.line).toBe(text.slice(0, text.indexOf('{{log "')).split('\n').length);
    expect(r.code).toBe(1);
  }, 60_000);
});

describe('recursive and exponential partials', () => {
  it('a partial that includes itself is mall.fel at the include', async () => {
    const { root, out } = withTemplates((mallar) => replaceIn(mallar, 'partials/status.hbs', '', '{{#if this}}{{> status}}{{/if}}'));
    await expectRefused(root, out, 'mall.fel', 'mallar/partials/status.hbs', /tar in sig själv/);
  }, 60_000);

  it('partials in a circle (a → b → a) are mall.fel', () => {
    const { mallar } = withTemplates((m) => {
      writeFileSync(path.join(m, 'partials', 'a.hbs'), 'a{{> b}}');
      writeFileSync(path.join(m, 'partials', 'b.hbs'), 'b{{#each rader}}{{> a ..}}{{/each}}');
    });
    const diagnostics = checkTemplates(mallar, path.dirname(mallar));
    expect(diagnostics.map((d) => [d.code, d.pos?.file])).toContainEqual(['mall.fel', 'mallar/partials/a.hbs']);
    expect(diagnostics.find((d) => d.pos?.file === 'mallar/partials/a.hbs')?.message).toContain('a → b → a');
  });

  it('40 partials that each include the next twice are mall.fel, found without rendering', async () => {
    const { root, out } = withTemplates((mallar) => {
      for (let i = 1; i <= 40; i++) writeFileSync(path.join(mallar, 'partials', `p${i}.hbs`), i < 40 ? `{{> p${i + 1}}}{{> p${i + 1}}}` : 'x');
      replaceIn(mallar, 'rapport.hbs', '</body>', '{{> p1}}</body>');
    });
    const start = Date.now();
    await expectRefused(root, out, 'mall.fel', 'mallar/partials/p27.hbs', /utvecklas till 16 383 partialer/);
    expect(Date.now() - start).toBeLessThan(30_000);
  }, 60_000);

  it('a recursion one level down in the data, once, is allowed (malnod); going up or twice is not', () => {
    const check = (partial: string) => {
      const { mallar } = withTemplates((m) => writeFileSync(path.join(m, 'partials', 'träd.hbs'), partial));
      return checkTemplates(mallar, path.dirname(mallar)).map((d) => d.message);
    };
    expect(check('{{#each barn}}{{> träd}}{{/each}}')).toEqual([]);
    expect(check('{{#with barn}}{{#if namn}}{{> träd}}{{/if}}{{/with}}')).toEqual([]);
    expect(check('{{#each barn}}{{> träd ..}}{{/each}}')).toEqual([expect.stringContaining('tar in sig själv utan att gå ett steg ner')]);
    expect(check('{{#each ../barn}}{{> träd}}{{/each}}')).toEqual([expect.stringContaining('tar in sig själv')]);
    expect(check('{{#each barn}}x{{else}}{{> träd}}{{/each}}')).toEqual([expect.stringContaining('tar in sig själv')]);
    expect(check('{{#with this as |jag|}}{{#each barn}}{{#with jag}}{{> träd}}{{/with}}{{/each}}{{/with}}')).toEqual([expect.stringContaining('tar in sig själv')]);
    expect(check('{{#each barn}}{{> träd}}{{> träd}}{{/each}}')).toEqual([expect.stringContaining('en andra gång i samma rekursion')]);
  });

  it('a template nested 3 000 blocks deep is mall.fel before Handlebars parses it (which takes ever longer)', async () => {
    const { root, out } = withTemplates((mallar) => replaceIn(mallar, 'rapport.hbs', '</body>', `${'{{#if titel}}'.repeat(3000)}x${'{{/if}}'.repeat(3000)}</body>`));
    const start = Date.now();
    await expectRefused(root, out, 'mall.fel', 'mallar/rapport.hbs', /nästlad 65 nivåer djupt här/);
    expect(Date.now() - start).toBeLessThan(5_000);
  }, 60_000);

  it('the default templates are far within the limits', () => {
    const loaded = readTemplates(TEMPLATES, ROOT);
    expect(loaded.diagnostics).toEqual([]);
    expect(MAX_EXPANSIONS).toBe(10_000);
  });
});

describe("a profile's theme (profil.yaml tema:)", () => {
  /** Linköping's report with its profile beside it, and the theme it names changed. */
  function withProfileTheme(change: (tema: string) => void): { root: string; out: string } {
    const root = mkdtempSync(path.join(tmpdir(), 'rapport-profiltema-'));
    const linkoping = path.join(ROOT, 'examples', 'linkoping');
    cpSync(path.join(linkoping, 'kommunstyrelsen-vb-2023'), path.join(root, 'ks'), { recursive: true });
    for (const f of ['profil.yaml', 'tema.yaml']) cpSync(path.join(linkoping, f), path.join(root, f));
    change(path.join(root, 'tema.yaml'));
    return { root, out: path.join(root, 'ut') };
  }

  async function refused(root: string, out: string, code: string): Promise<string> {
    const json = await runCli(['build', 'ks', '--out', 'ut', '--format', 'json'], root);
    const pretty = await runCli(['build', 'ks', '--out', 'ut'], root);
    for (const r of [json, pretty]) {
      expect(r.code, `${r.stdout}${r.stderr}`).toBe(1);
      expect(`${r.stdout}${r.stderr}`).not.toMatch(STACK_TRACE);
    }
    const diagnostics = (JSON.parse(json.stdout) as { rapporter: { diagnostik: JsonDiagnostic[] }[] }).rapporter.flatMap((r) => r.diagnostik);
    expect(diagnostics.map((d) => d.code)).toContain(code);
    expect(existsSync(path.join(out, 'ks.html'))).toBe(false);
    return [json, pretty].map((r) => `${r.stdout}${r.stderr}`).join('\n');
  }

  it('a FIFO is fil.ingen-fil at once, never waited on', async () => {
    const { root, out } = withProfileTheme((tema) => fifoWithLateWriter(tema, 15));
    const start = Date.now();
    await refused(root, out, 'fil.ingen-fil');
    expect(Date.now() - start).toBeLessThan(12_000);
  }, 60_000);

  it('a link in a circle is a located error, not a crash', async () => {
    const { root, out } = withProfileTheme((tema) => {
      rmSync(tema);
      symlinkSync('tema.yaml', tema);
    });
    await refused(root, out, 'fil.utanför');
  }, 60_000);
});
