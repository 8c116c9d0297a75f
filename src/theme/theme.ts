/**
 * The theme: a kommun's graphic profile in one file (tema.yaml beside the templates). The HTML's CSS
 * variables and the PDF's style are both made from it, so both formats carry the same profile.
 */
import { createHash } from 'node:crypto';
import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath, type Inside, resolveInside } from '../load/report-folder.js';
import { activeSnapshot, type Bounded, SourceSnapshot } from '../load/snapshot.js';
import { SourceMap } from '../load/source-map.js';
import { readProblemMessage, readTextFile } from '../load/text-file.js';
import { MAX_FILE_BYTES, parseYamlSource } from '../load/yaml-file.js';
import { hex as contrastRatio } from 'wcag-contrast';
import { checkPng, checkSvg } from '../load/images.js';
import { validateAgainst } from '../schema/validate-against.js';

const färg = (standard: string) =>
  z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'färgen skrivs #rrggbb')
    .default(standard);

const mm = (standard: number) => z.number().min(0).max(80).default(standard).describe('millimeter');

/**
 * The kinds of section that can start a new page (PDF, and the HTML printed): `sidbrytning` in
 * tema.yaml lists the ones that do. The same class in the same templates drives both formats.
 */
export const PAGE_BREAK_KINDS = [
  'innehåll',
  'ärende',
  'sammanfattning',
  'sammanställning',
  'statusräkning',
  'förklaring',
  'mål',
  'personal',
  'ekonomi',
  'internkontroll',
  'bilaga',
  'kapitel',
] as const;

export type PageBreakKind = (typeof PAGE_BREAK_KINDS)[number];

/** The standard theme: the table of contents, the main chapters and the appendices start pages; free chapters and short sections flow on. */
export const DEFAULT_PAGE_BREAKS: readonly PageBreakKind[] = ['innehåll', 'ärende', 'sammanfattning', 'mål', 'ekonomi', 'internkontroll', 'bilaga'];

export const ThemeSchema = z.strictObject({
  namn: z.string().default('Standardtema').describe('Temats namn, t.ex. "Linköping"'),
  färger: z
    .strictObject({
      text: färg('#1b1b1b').describe('Brödtext; minst 4,5:1 mot vitt, tabellhuvud och tabellgrupp'),
      rubrik: färg('#173a5e').describe('Rubriker; minst 4,5:1 mot vitt, tabellhuvud och tabellgrupp'),
      dämpad: färg('#5c5c5c').describe('Små texter, löpande sidhuvud och sidfot; minst 4,5:1 mot vitt, tabellhuvud och tabellgrupp'),
      länk: färg('#1f5a96').describe('Länkar; minst 4,5:1 mot vitt, tabellhuvud och tabellgrupp'),
      accent: färg('#2f6b9a').describe('Dekor, t.ex. linjerna på titelsidan'),
      linje: färg('#c9ced4').describe('Tabellernas linjer'),
      linje_stark: färg('#4b5560').describe('Den starka tabellinjen under tabellhuvudet och ovanför summarader'),
      tabellhuvud: färg('#e9eef3').describe('Bakgrund i tabellhuvudet'),
      tabellgrupp: färg('#f5f7f9').describe('Bakgrund i tabellernas grupprader'),
      kommentarlinje: färg('#9db7cf').describe('Linjen till vänster om kommentarer'),
      titelsida: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, 'färgen skrivs #rrggbb')
        .optional()
        .describe('Titelsidans färgfält (rapportens namn, nämnd och period står i det); standard: rubrikfärgen'),
      titelsida_text: färg('#ffffff').describe('Texten i titelsidans färgfält; minst 4,5:1 mot färgfältet'),
    })
    .prefault({})
    .describe('Färger #rrggbb; kontrasten mot vit bakgrund ska vara minst 4,5:1 för text'),
  diagram: z
    .strictObject({
      linje: färg('#1f5a96').describe('Indikatorns linje'),
      mål: färg('#6b4e00').describe('Målvärdets streckade linje'),
      kvinnor: färg('#8e2f7c').describe('Indikatorns linje för kvinnor'),
      män: färg('#0b6e4f').describe('Indikatorns linje för män'),
      positiv: färg('#2e7d32').describe('Staplar för positiva (gynnsamma) avvikelser'),
      negativ: färg('#c62828').describe('Staplar för negativa avvikelser'),
      rutnät: färg('#d5dae0').describe('Diagrammens rutnätslinjer'),
    })
    .prefault({})
    .describe('Diagrammens färger; linjer och staplar ska nå minst 3:1 mot vitt (WCAG 1.4.11)'),
  typsnitt: z
    .strictObject({
      familj: z.enum(['DejaVu Sans']).default('DejaVu Sans').describe('Brödtext och rubriker (inbäddat, öppet typsnitt)'),
      tabell: z.enum(['DejaVu Sans Condensed', 'DejaVu Sans']).default('DejaVu Sans Condensed').describe('Tabellernas typsnitt'),
      storlek: z.number().min(7).max(14).default(9.8).describe('Brödtextens storlek i PDF, punkter'),
    })
    .prefault({})
    .describe('Typsnitt för brödtext och tabeller, och brödtextens storlek'),
  sida: z
    .strictObject({
      format: z.enum(['A4']).default('A4').describe('Sidformat; bara A4'),
      marginaler: z
        .strictObject({ topp: mm(26), höger: mm(24), botten: mm(24), vänster: mm(24) })
        .prefault({})
        .describe('Sidans marginaler i millimeter (standard topp 26, höger 24, botten 24, vänster 24)'),
    })
    .prefault({})
    .describe('Sidformat och marginaler'),
  sidbrytning: z
    .array(z.enum(PAGE_BREAK_KINDS))
    .default([...DEFAULT_PAGE_BREAKS])
    .describe(
      'Delar som börjar på en ny sida i PDF:en och när HTML-filen skrivs ut: innehåll (innehållsförteckningen på egen sida), ärende (protokollsutdrag, tjänsteskrivelse), sammanfattning, sammanställning, statusräkning, förklaring, mål (varje mål på översta nivån: perspektiv, målområde), personal, ekonomi, internkontroll, bilaga, kapitel (fria kapitel). [] ger inga sidbrytningar. Standard: [innehåll, ärende, sammanfattning, mål, ekonomi, internkontroll, bilaga]',
    ),
  logotyp: z
    .strictObject({
      fil: z.string().regex(/\.(svg|png)$/i, 'logotypen är en SVG- eller PNG-fil').describe('Relativt mallmappen'),
      alt: z.string().min(1).describe('Alternativtext, t.ex. "Eskilstuna kommun"'),
      bredd: z.number().positive().max(170).default(40).describe('Bredd på titelsidan, millimeter'),
    })
    .optional()
    .describe('Valfri logotyp på titelsidan, t.ex. { fil: logotyp.svg, alt: "Eskilstuna kommun", bredd: 40 }: en SVG- eller PNG-fil i mallmappen'),
});

export type Theme = z.output<typeof ThemeSchema>;

export interface LoadedTheme {
  theme: Theme;
  /** The theme's files (tema.yaml and its logo) with their checksums, from the bytes that were read. */
  files?: { name: string; sha256: string }[];
  /** Named by the report's profile (tema:), not found in the templates folder. */
  fromProfile?: boolean;
  /** The logo as a data: URI for the HTML and raw bytes for the PDF. */
  logo?: { dataUri: string; bytes: Buffer; mimeType: 'image/svg+xml' | 'image/png'; alt: string; widthMm: number };
}

export const THEME_FILE = 'tema.yaml';

/** Largest logo file read. */
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;


/** Whether anything stands at `file`: a file, a folder, or a link (also a broken or circular one). */
export function present(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}

/** The diagnostic, at the file, for a file of `folder` ("mallmappen") that is not read. */
export function insideDiagnostic(problem: NonNullable<Inside['problem']>, code: string | undefined, display: string, folder: string): Diagnostic {
  const at = { file: display, line: 1, column: 1 };
  if (problem === 'cirkel') return diag('fil.utanför', 'error', 'filen är en symbolisk länk i cirkel och läses inte', at);
  if (problem === 'utanför') return diag('fil.utanför', 'error', `filen pekar ut ur ${folder} (symbolisk länk) och läses inte`, at);
  const message = readProblemMessage(problem, undefined, 0, code);
  return diag(message.code, 'error', message.message, at);
}

/**
 * The text of a file of a folder: a regular UTF-8 file, inside the folder (through links), of at most
 * `maxBytes` bytes. The bytes are read once, into `snapshot`.
 */
export function readTextInside(
  realRoot: string,
  file: string,
  display: string,
  maxBytes: number,
  snapshot: SourceSnapshot,
  folder = 'mallmappen',
): { text?: string; bytes?: Buffer; diagnostics: Diagnostic[] } {
  const inside = resolveInside(realRoot, file);
  if (inside.problem) return { diagnostics: [insideDiagnostic(inside.problem, inside.code, display, folder)] };
  const { text, diagnostics } = readTextFile(inside.real, display, maxBytes, snapshot);
  return { text, bytes: text === undefined ? undefined : snapshot.bytesOf(inside.real), diagnostics };
}

/**
 * Read and validate templates/tema.yaml; a folder without one gets the default theme. The theme and
 * its logo are read only as regular files inside `templatesDir` (through links), bounded in size,
 * once, into `snapshot` (by default the active one, so diagnostics can quote it): a tema.yaml that
 * links to /etc/passwd is refused, never parsed or shown.
 */
export function loadTheme(
  templatesDir: string,
  cwd = process.cwd(),
  name = THEME_FILE,
  snapshot = activeSnapshot() ?? new SourceSnapshot(),
): { loaded?: LoadedTheme; diagnostics: Diagnostic[] } {
  const file = path.join(templatesDir, name);
  const display = displayPath(file, cwd);
  if (!present(file)) {
    if (name === THEME_FILE) return { loaded: { theme: ThemeSchema.parse({}) }, diagnostics: [] };
    return { diagnostics: [diag('tema.saknas', 'error', `temat som profilen anger finns inte: ${display}`)] };
  }
  let root: string;
  try {
    root = realpathSync(templatesDir);
  } catch (error) {
    return { diagnostics: [insideDiagnostic('läsfel', (error as NodeJS.ErrnoException).code, display, 'mallmappen')] };
  }
  const read = readTextInside(root, file, display, MAX_FILE_BYTES, snapshot, name === THEME_FILE ? 'mallmappen' : 'temats mapp');
  if (read.text === undefined || !read.bytes) return { diagnostics: read.diagnostics };
  const { result, diagnostics } = parseYamlSource(read.text, display);
  if (!result) return { diagnostics };
  const sourceMap = new SourceMap(new Map([[display, result]]), new Map(), display);
  const { value: theme, diagnostics: schemaDiagnostics } = validateAgainst(ThemeSchema, { data: result.data ?? {}, sourceMap });
  if (!theme) return { diagnostics: schemaDiagnostics };
  const contrast = contrastDiagnostics(theme, sourceMap);
  if (contrast.length > 0) return { diagnostics: contrast };
  const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
  // The checksum is of the bytes that were parsed.
  const themeFile = { name, sha256: sha(read.bytes) };
  if (!theme.logotyp) return { loaded: { theme, files: [themeFile] }, diagnostics: [] };
  const at = sourceMap.pos(['logotyp', 'fil']);
  const fail = (message: string) => ({ diagnostics: [diag('tema.logotyp', 'error', `logotypen "${theme.logotyp?.fil}" ${message}`, at)] });
  const logo = readLogo(root, templatesDir, theme.logotyp.fil, snapshot);
  if (!logo.bytes) return fail(logo.problem);
  const logoFile = logo.file;
  const mimeType = /\.svg$/i.test(logoFile) ? 'image/svg+xml' : 'image/png';
  const logoBytes = logo.bytes;
  const check = mimeType === 'image/svg+xml' ? checkSvg(logoBytes) : checkPng(logoBytes);
  if (!check.ok || !check.data || check.aspect === undefined) return fail(`kan inte användas: ${check.reason ?? 'okänt fel'}`);
  const heightMm = theme.logotyp.bredd * check.aspect;
  if (heightMm > MAX_LOGO_HEIGHT_MM) {
    return fail(`blir ${Math.round(heightMm)} mm hög med bredden ${theme.logotyp.bredd} mm; högst ${MAX_LOGO_HEIGHT_MM} mm`);
  }
  const bytes = check.data;
  return {
    loaded: {
      theme,
      files: [themeFile, { name: path.relative(templatesDir, logoFile).split(path.sep).join('/'), sha256: sha(logoBytes) }],
      logo: { dataUri: `data:${mimeType};base64,${bytes.toString('base64')}`, bytes, mimeType, alt: theme.logotyp.alt, widthMm: theme.logotyp.bredd },
    },
    diagnostics: [],
  };
}

/**
 * The logo's bytes: a regular file of at most MAX_LOGO_BYTES inside the templates folder, named
 * relative to it (no `..`, no absolute path, no link out, no FIFO or device); otherwise why not.
 */
function readLogo(root: string, dir: string, ref: string, snapshot: SourceSnapshot): { file: string; bytes: Buffer } | { bytes?: undefined; problem: string } {
  const relative = path.normalize(ref);
  if (path.isAbsolute(relative) || relative === '..' || relative.startsWith(`..${path.sep}`)) return { problem: 'ligger utanför mallmappen' };
  const file = path.resolve(dir, relative);
  if (!present(file)) return { problem: 'finns inte' };
  const inside = resolveInside(root, file);
  if (inside.problem) {
    return {
      problem: { utanför: 'ligger utanför mallmappen (symbolisk länk)', cirkel: 'är en symbolisk länk i cirkel', saknas: 'finns inte', läsfel: `kan inte läsas: ${inside.code ?? 'okänt fel'}` }[inside.problem],
    };
  }
  const read: Bounded = snapshot.read(inside.real, MAX_LOGO_BYTES);
  if (read.bytes) return { file, bytes: read.bytes };
  const why = {
    'ingen-fil': 'är ingen fil',
    'för-stor': `är ${read.size ?? 'mer än ' + MAX_LOGO_BYTES} byte; största tillåtna storlek är ${MAX_LOGO_BYTES} byte`,
    saknas: 'finns inte',
    'ej-kontrollerad': 'lästes inte när mallarna kontrollerades; bygg om',
    läsfel: `kan inte läsas: ${read.code ?? 'okänt fel'}`,
  } as const;
  return { problem: why[read.problem] };
}

/** Colours that carry text, and the backgrounds they stand on. */
const TEXT_COLOURS = ['text', 'rubrik', 'dämpad', 'länk'] as const;

/**
 * WCAG 2.1 AA (1.4.3): text needs 4.5:1 against its background — white pages and the table header
 * and group fills. A kommun's profile that falls short would make every report inaccessible.
 */
function contrastDiagnostics(theme: Theme, sourceMap: SourceMap): Diagnostic[] {
  const f = theme.färger;
  const backgrounds = [
    ['vit bakgrund', '#ffffff'],
    ['färger.tabellhuvud', f.tabellhuvud],
    ['färger.tabellgrupp', f.tabellgrupp],
  ] as const;
  const out: Diagnostic[] = [];
  for (const key of TEXT_COLOURS) {
    for (const [name, background] of backgrounds) {
      const ratio = contrastRatio(f[key], background);
      if (ratio < 4.5) {
        out.push(
          diag('tema.kontrast', 'error', `färger.${key} ${f[key]} har kontrasten ${ratio.toFixed(2).replace('.', ',')}:1 mot ${name}; text kräver minst 4,5:1 (WCAG 2.1 AA)`, sourceMap.pos(['färger', key])),
        );
        break;
      }
    }
  }
  // The title page's coloured field carries the report's name, nämnd and period.
  const field = coverColours(theme);
  const fieldRatio = contrastRatio(field.text, field.fill);
  if (fieldRatio < 4.5) {
    const key = f.titelsida === undefined ? 'titelsida_text' : 'titelsida';
    out.push(
      diag('tema.kontrast', 'error', `färger.titelsida_text ${field.text} har kontrasten ${fieldRatio.toFixed(2).replace('.', ',')}:1 mot titelsidans färgfält ${field.fill}; text kräver minst 4,5:1 (WCAG 2.1 AA)`, sourceMap.pos(['färger', key])),
    );
  }
  for (const key of ['linje', 'mål', 'kvinnor', 'män', 'positiv', 'negativ'] as const) {
    const ratio = contrastRatio(theme.diagram[key], '#ffffff');
    if (ratio < 3) {
      out.push(
        diag('tema.kontrast', 'error', `diagram.${key} ${theme.diagram[key]} har kontrasten ${ratio.toFixed(2).replace('.', ',')}:1 mot vit bakgrund; diagrammens linjer och staplar kräver minst 3:1 (WCAG 1.4.11)`, sourceMap.pos(['diagram', key])),
      );
    }
  }
  return out;
}

/** Which kinds of section start a new page, as the templates test them: {{#if @root.sidbrytning.ekonomi}}. */
export function pageBreaks(kinds: readonly PageBreakKind[] = DEFAULT_PAGE_BREAKS): Record<PageBreakKind, boolean> {
  return Object.fromEntries(PAGE_BREAK_KINDS.map((k) => [k, kinds.includes(k)])) as Record<PageBreakKind, boolean>;
}

/** The title page's coloured field and its text (the field defaults to the heading colour). */
export function coverColours(theme: Theme): { fill: string; text: string } {
  return { fill: theme.färger.titelsida ?? theme.färger.rubrik, text: theme.färger.titelsida_text };
}

/** A logo taller than this would push the title off the title page. */
export const MAX_LOGO_HEIGHT_MM = 60;

/** CSS custom properties and page rules for the HTML, from the theme. */
export function themeCss(theme: Theme): string {
  const f = theme.färger;
  const m = theme.sida.marginaler;
  const fallback = '"Noto Sans", "Segoe UI", Arial, sans-serif';
  return [
    ':root {',
    `  --text: ${f.text};`,
    `  --heading: ${f.rubrik};`,
    `  --muted: ${f.dämpad};`,
    `  --link: ${f.länk};`,
    `  --accent: ${f.accent};`,
    `  --rule: ${f.linje};`,
    `  --rule-strong: ${f.linje_stark};`,
    `  --head-bg: ${f.tabellhuvud};`,
    `  --group-bg: ${f.tabellgrupp};`,
    `  --comment-rule: ${f.kommentarlinje};`,
    `  --cover-bg: ${coverColours(theme).fill};`,
    `  --cover-text: ${coverColours(theme).text};`,
    `  --font: "${theme.typsnitt.familj}", ${fallback};`,
    `  --table-font: "${theme.typsnitt.tabell}", "${theme.typsnitt.familj}", ${fallback};`,
    '}',
    `@page { size: ${theme.sida.format}; margin: ${m.topp}mm ${m.höger}mm ${m.botten}mm ${m.vänster}mm; }`,
    '',
  ].join('\n');
}
