/**
 * The corpus of hostile and broken inputs (issue 8). Each case changes a copy of the Servicenämnden
 * example (`rapport/` in a temporary project) and names the diagnostic a user must get: its code,
 * the file, and the place — given as the text (after the change) where it must point, or as a line.
 *
 * Classes (`klass`) are listed in docs/felaktig-indata.md with what the tool does for each.
 */
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface BadCase {
  /** Unique, stable name: "<klass>/<what>". */
  id: string;
  klass: Klass;
  /** Changes the copy; `dir` is the report folder, `project` the folder above it (cwd of the run). */
  setup: (dir: string, project: string) => void;
  code: string;
  /** The file the diagnostic names, relative to the project (e.g. "rapport/ekonomi.yaml"). */
  file: string;
  /**
   * Where in `file` it points: the `nth` (default first) occurrence of `text`, at `offset`, or a
   * line (and column). `anyColumn`: only the line is certain (the parser stops somewhere on it).
   */
  at?: { text: string; offset?: number; nth?: number; anyColumn?: boolean } | { line: number; column?: number };
  /** What the message must say (e.g. the did-you-mean of a typo). */
  message?: RegExp;
  /** Extra command-line arguments (e.g. --mallar). */
  args?: string[];
  /** The report folder given to `build`; default "rapport". */
  target?: string;
}

export type Klass =
  | 'yaml-syntax' | 'typ' | 'saknas' | 'okänd-nyckel' | 'dubblerad-nyckel' | 'dubblerat-id' | 'referens'
  | 'alias' | 'djup' | 'storlek' | 'kodning' | 'tal' | 'datum' | 'tom' | 'mapp' | 'symlänk' | 'sökväg'
  | 'mallsyntax-i-prosa' | 'prototyp' | 'mall';

// ---------------------------------------------------------------------------------------------
// Building blocks

const file = (dir: string, name: string) => path.join(dir, name);

/** Replaces exactly one occurrence (fails loudly otherwise: the example changed). */
export function replaceOnce(dir: string, name: string, from: string, to: string): void {
  const text = readFileSync(file(dir, name), 'utf8');
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`expected exactly one ${JSON.stringify(from)} in ${name}, found ${count}`);
  writeFileSync(file(dir, name), text.replace(from, to));
}

const replace = (name: string, from: string, to: string) => (dir: string) => replaceOnce(dir, name, from, to);
const write = (name: string, content: string | Buffer) => (dir: string) => writeFileSync(file(dir, name), content);
const append = (name: string, text: string) => (dir: string) => appendFileSync(file(dir, name), text);
const at = (text: string, offset = 0, more: { nth?: number; anyColumn?: boolean } = {}) => ({ text, offset, ...more });
const line = (n: number, column?: number) => (column === undefined ? { line: n } : { line: n, column });

const R = 'rapport/rapport.yaml';
const EK = 'rapport/ekonomi.yaml';
const MAL = 'rapport/mal.yaml';
const IK = 'rapport/internkontroll.yaml';
const PE = 'rapport/personal.yaml';

// A nested alias bomb ("billion laughs"): 9 levels, each 9 aliases of the one above.
function laughs(levels: number): string {
  const out = ['lol0: &l0 "lol"'];
  for (let i = 1; i <= levels; i++) out.push(`lol${i}: &l${i} [${Array.from({ length: 9 }, () => `*l${i - 1}`).join(', ')}]`);
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// The cases

export const BAD_CASES: BadCase[] = [
  // --- YAML syntax --------------------------------------------------------------------------
  { id: 'yaml-syntax/oavslutat-citat', klass: 'yaml-syntax', setup: replace('rapport.yaml', 'dnr: SEN/2023:35', 'dnr: "SEN/2023:35'), code: 'yaml.syntax', file: R, at: at('"SEN/2023:35', 0, { anyColumn: true }) },
  { id: 'yaml-syntax/oavslutad-lista', klass: 'yaml-syntax', setup: replace('rapport.yaml', 'mottagare:\n  - Kommunledningskontoret', 'mottagare: [Kommunledningskontoret,\n  - Kommunledningskontoret'), code: 'yaml.syntax', file: R, at: at('  - Kommunledningskontoret', 2) },
  { id: 'yaml-syntax/oavslutad-mappning', klass: 'yaml-syntax', setup: replace('rapport.yaml', 'paragraf: 55', 'paragraf: {nummer: 55'), code: 'yaml.syntax', file: R, at: at('förslag_till_beslut:') },
  { id: 'yaml-syntax/fel-indrag', klass: 'yaml-syntax', setup: replace('rapport.yaml', '  förkortning: SEN\n', '   förkortning: SEN\n'), code: 'yaml.syntax', file: R, at: at('Servicenämnden\n   förkortning') },
  { id: 'yaml-syntax/tabb-som-indrag', klass: 'yaml-syntax', setup: replace('rapport.yaml', '  förkortning: SEN\n', '\tförkortning: SEN\n'), code: 'yaml.syntax', file: R, at: at('\tförkortning') },
  { id: 'yaml-syntax/kolon-saknas', klass: 'yaml-syntax', setup: replace('rapport.yaml', 'paragraf: 55', 'paragraf 55'), code: 'yaml.syntax', file: R, at: at('paragraf 55') },
  { id: 'yaml-syntax/lös-hakparentes', klass: 'yaml-syntax', setup: replace('rapport.yaml', 'paragraf: 55', 'paragraf: [55]]'), code: 'yaml.syntax', file: R, at: at('[55]]', 4) },
  { id: 'yaml-syntax/ogiltig-escape', klass: 'yaml-syntax', setup: replace('rapport.yaml', 'dnr: SEN/2023:35', 'dnr: "SEN\\q2023"'), code: 'yaml.syntax', file: R, at: at('\\q', 0) },
  { id: 'yaml-syntax/okänt-alias', klass: 'yaml-syntax', setup: replace('rapport.yaml', 'paragraf: 55', 'paragraf: *nummer'), code: 'yaml.syntax', file: R, at: at('*nummer') },
  { id: 'yaml-syntax/två-dokument', klass: 'yaml-syntax', setup: append('personal.yaml', '\n---\nkommun: Eskilstuna\n'), code: 'yaml.syntax', file: PE, at: at('\n---\nkommun', 1) },
  { id: 'yaml-syntax/nästlad-kompakt-mappning', klass: 'yaml-syntax', setup: replace('rapport.yaml', 'paragraf: 55', 'paragraf: nummer: 55'), code: 'yaml.syntax', file: R, at: at('nummer: 55') },
  { id: 'yaml-syntax/flödesmappning-utan-komma', klass: 'yaml-syntax', setup: replace('rapport.yaml', 'paragraf: 55', 'paragraf: {a: 1 b: 2}'), code: 'yaml.syntax', file: R, at: at('1 b: 2}') },
  { id: 'yaml-syntax/blockskalär-fel-indrag', klass: 'yaml-syntax', setup: replace('rapport.yaml', 'dnr: SEN/2023:35', 'dnr: |\nSEN/2023:35'), code: 'yaml.syntax', file: R, at: at('\nSEN/2023:35', 1) },
  { id: 'yaml-syntax/lista-som-nyckel', klass: 'yaml-syntax', setup: replace('rapport.yaml', 'paragraf: 55', '? [paragraf, nummer]\n: 55'), code: 'yaml.syntax', file: R, at: at('[paragraf, nummer]') },
  { id: 'yaml-syntax/okänd-tagg', klass: 'yaml-syntax', setup: replace('rapport.yaml', 'dnr: SEN/2023:35', 'dnr: !js/function "return 1"'), code: 'yaml.syntax', file: R, at: at('!js/function', 0, { anyColumn: true }) },
  { id: 'yaml-syntax/yaml-1-1', klass: 'yaml-syntax', setup: (dir) => writeFileSync(file(dir, 'personal.yaml'), `%YAML 1.1\n---\n${readFileSync(file(dir, 'personal.yaml'), 'utf8')}`), code: 'yaml.syntax', file: PE, at: line(1, 1), message: /YAML 1\.2/ },
  { id: 'yaml-syntax/okänt-direktiv', klass: 'yaml-syntax', setup: (dir) => writeFileSync(file(dir, 'personal.yaml'), `%YAML 9.9\n---\n${readFileSync(file(dir, 'personal.yaml'), 'utf8')}`), code: 'yaml.syntax', file: PE, at: line(1) },

  // --- wrong types ------------------------------------------------------------------------------
  { id: 'typ/text-för-tal', klass: 'typ', setup: replace('rapport.yaml', 'paragraf: 55', 'paragraf: femtiofem'), code: 'schema.typ', file: R, at: at('femtiofem') },
  { id: 'typ/text-för-år', klass: 'typ', setup: replace('rapport.yaml', '  år: 2023\n', '  år: tjugotjugotre\n'), code: 'schema.typ', file: R, at: at('tjugotjugotre') },
  { id: 'typ/decimal-för-heltal', klass: 'typ', setup: replace('rapport.yaml', '  nummer: 2\n', '  nummer: 2.5\n'), code: 'schema.typ', file: R, at: at('2.5') },
  { id: 'typ/text-för-sannolikhet', klass: 'typ', setup: replace('internkontroll.yaml', 'sannolikhet: 4\n          konsekvens: 4\n          riskvärde: 16', 'sannolikhet: hög\n          konsekvens: 4\n          riskvärde: 16'), code: 'schema.typ', file: IK, at: at('hög') },
  { id: 'typ/text-för-sanningsvärde', klass: 'typ', setup: replace('internkontroll.yaml', 'hantera: true\n          sannolikhet: 4\n          konsekvens: 4', 'hantera: ja\n          sannolikhet: 4\n          konsekvens: 4'), code: 'schema.typ', file: IK, at: at('hantera: ja', 9) },
  { id: 'typ/text-för-lista', klass: 'typ', setup: replace('rapport.yaml', 'mottagare:\n  - Kommunledningskontoret\n  - Kommunstyrelsen\n  - Kommunrevision', 'mottagare: Kommunledningskontoret'), code: 'schema.typ', file: R, at: at('mottagare: Kommunledningskontoret', 11) },
  { id: 'typ/text-för-mappning', klass: 'typ', setup: replace('rapport.yaml', 'nämnd:\n  namn: Servicenämnden\n  förkortning: SEN', 'nämnd: Servicenämnden'), code: 'schema.typ', file: R, at: at('nämnd: Servicenämnden', 7) },
  { id: 'typ/lista-för-tal', klass: 'typ', setup: replace('ekonomi.yaml', 'utfall: -42.9', 'utfall: [-42.9]'), code: 'schema.typ', file: EK, at: at('[-42.9]') },
  { id: 'typ/sanningsvärde-för-tal', klass: 'typ', setup: replace('internkontroll.yaml', 'sannolikhet: 4\n          konsekvens: 4\n          riskvärde: 16', 'sannolikhet: 4\n          konsekvens: true\n          riskvärde: 16'), code: 'schema.typ', file: IK, at: at('konsekvens: true', 12) },
  { id: 'typ/tal-för-text', klass: 'typ', setup: replace('rapport.yaml', 'kommun: Eskilstuna', 'kommun: 42'), code: 'schema.typ', file: R, at: at('kommun: 42', 8) },
  { id: 'typ/tal-för-datum', klass: 'typ', setup: replace('rapport.yaml', '    från: 2023-01-01', '    från: 20230101'), code: 'schema.typ', file: R, at: at('20230101') },
  { id: 'typ/mappning-för-text', klass: 'typ', setup: replace('rapport.yaml', 'dnr: SEN/2023:35', 'dnr: {år: 2023}'), code: 'schema.typ', file: R, at: at('{år: 2023}') },
  { id: 'typ/null-för-text', klass: 'typ', setup: replace('rapport.yaml', 'kommun: Eskilstuna', 'kommun: ~'), code: 'schema.typ', file: R, at: at('kommun: ~', 8) },

  // --- missing required fields -------------------------------------------------------------------
  { id: 'saknas/kommun', klass: 'saknas', setup: replace('rapport.yaml', 'kommun: Eskilstuna\n', ''), code: 'schema.saknas', file: R, at: at('nämnd:\n') },
  { id: 'saknas/nämndens-namn', klass: 'saknas', setup: replace('rapport.yaml', 'nämnd:\n  namn: Servicenämnden\n', 'nämnd:\n'), code: 'schema.saknas', file: R, at: at('  förkortning: SEN', 2) },
  { id: 'saknas/rapporttyp', klass: 'saknas', setup: replace('rapport.yaml', '  typ: delårsrapport\n', ''), code: 'schema.saknas', file: R, at: at('  nummer: 2', 2) },
  { id: 'saknas/periodens-slut', klass: 'saknas', setup: replace('rapport.yaml', '    till: 2023-08-31\n', ''), code: 'schema.saknas', file: R, at: at('    från: 2023-01-01', 4) },
  { id: 'saknas/sannolikhet', klass: 'saknas', setup: replace('internkontroll.yaml', '          sannolikhet: 4\n          konsekvens: 4\n          riskvärde: 16\n', '          konsekvens: 4\n          riskvärde: 16\n'), code: 'schema.saknas', file: IK, at: at('- id: risk-inkop', 2) },
  { id: 'saknas/perspektivets-id', klass: 'saknas', setup: replace('mal.yaml', '    - id: hallbar-utveckling\n      namn: Hållbar utveckling', '    - namn: Hållbar utveckling'), code: 'schema.saknas', file: MAL, at: at('- namn: Hållbar utveckling', 2) },
  { id: 'saknas/förvaltning', klass: 'saknas', setup: replace('rapport.yaml', 'förvaltning:\n  namn: Serviceförvaltningen\n  förkortning: SEF\n', ''), code: 'schema.saknas', file: R, at: at('kommun: Eskilstuna') },
  { id: 'saknas/undertecknarens-namn', klass: 'saknas', setup: replace('rapport.yaml', '  - namn: Jörgen Axelsson\n    titel: förvaltningschef', '  - titel: förvaltningschef'), code: 'schema.saknas', file: R, at: at('- titel: förvaltningschef', 2) },
  { id: 'saknas/kontrollmomentets-text', klass: 'saknas', setup: replace('internkontroll.yaml', '            - id: km-inkop\n              text: Stickprovskontroll på gjorda inköp.\n', '            - id: km-inkop\n'), code: 'schema.saknas', file: IK, at: at('- id: km-inkop', 2) },
  { id: 'saknas/riskens-id', klass: 'saknas', setup: replace('internkontroll.yaml', '        - id: risk-inkop\n          risk: Risken', '        - risk: Risken'), code: 'schema.saknas', file: IK, at: at('- risk: Risken för felaktiga inköp', 2) },

  // --- unknown keys (typos, with did-you-mean) ------------------------------------------------------
  { id: 'okänd-nyckel/budgetavvikelze', message: /menade du "budgetavvikelse"/, klass: 'okänd-nyckel', setup: replace('ekonomi.yaml', 'budgetavvikelse: -0.6', 'budgetavvikelze: -0.6'), code: 'schema.okänd-nyckel', file: EK, at: at('budgetavvikelze') },
  { id: 'okänd-nyckel/nämd', message: /menade du "nämnd"/, klass: 'okänd-nyckel', setup: replace('rapport.yaml', 'nämnd:\n', 'nämd:\n'), code: 'schema.okänd-nyckel', file: R, at: at('nämd:') },
  { id: 'okänd-nyckel/förvalting', message: /menade du "förvaltning"/, klass: 'okänd-nyckel', setup: replace('rapport.yaml', 'förvaltning:\n', 'förvalting:\n'), code: 'schema.okänd-nyckel', file: R, at: at('förvalting:') },
  { id: 'okänd-nyckel/sannolikhett', message: /menade du "sannolikhet"/, klass: 'okänd-nyckel', setup: replace('internkontroll.yaml', 'sannolikhet: 4\n          konsekvens: 4\n          riskvärde: 16', 'sannolikhett: 4\n          konsekvens: 4\n          riskvärde: 16'), code: 'schema.okänd-nyckel', file: IK, at: at('sannolikhett') },
  { id: 'okänd-nyckel/riskvarde', message: /menade du "riskvärde"/, klass: 'okänd-nyckel', setup: replace('internkontroll.yaml', 'konsekvens: 4\n          riskvärde: 16', 'konsekvens: 4\n          riskvarde: 16'), code: 'schema.okänd-nyckel', file: IK, at: at('riskvarde') },
  { id: 'okänd-nyckel/versal', message: /menade du "utfall"/, klass: 'okänd-nyckel', setup: replace('ekonomi.yaml', 'utfall: -42.9', 'Utfall: -42.9'), code: 'schema.okänd-nyckel', file: EK, at: at('Utfall: -42.9') },
  { id: 'okänd-nyckel/okänd-toppnyckel', klass: 'okänd-nyckel', setup: append('personal.yaml', '\nappendix: []\n'), code: 'schema.okänd-nyckel', file: PE, at: at('appendix:') },
  { id: 'okänd-nyckel/kommentarens-datm', message: /menade du "datum"/, klass: 'okänd-nyckel', setup: replace('mal.yaml', 'trend: oförändrad   # → (S:139, S:233)\n              kommentar:\n                datum: 2023-08-31', 'trend: oförändrad   # → (S:139, S:233)\n              kommentar:\n                datm: 2023-08-31'), code: 'schema.okänd-nyckel', file: MAL, at: at('datm:') },
  { id: 'okänd-nyckel/engelska', klass: 'okänd-nyckel', setup: replace('rapport.yaml', 'paragraf: 55', 'paragraph: 55'), code: 'schema.okänd-nyckel', file: R, at: at('paragraph') },
  { id: 'okänd-nyckel/perspektivets-namm', message: /menade du "namn"/, klass: 'okänd-nyckel', setup: replace('mal.yaml', '      namn: Hållbar utveckling', '      namm: Hållbar utveckling'), code: 'schema.okänd-nyckel', file: MAL, at: at('namm:') },

  // --- duplicate keys -------------------------------------------------------------------------------
  { id: 'dubblerad-nyckel/samma-mappning', klass: 'dubblerad-nyckel', setup: replace('rapport.yaml', 'paragraf: 55', 'paragraf: 55\nparagraf: 56'), code: 'yaml.dubblerad-nyckel', file: R, at: at('paragraf: 56') },
  { id: 'dubblerad-nyckel/nästlad', klass: 'dubblerad-nyckel', setup: replace('rapport.yaml', '  förkortning: SEN\n', '  förkortning: SEN\n  namn: Servicenämnd\n'), code: 'yaml.dubblerad-nyckel', file: R, at: at('  namn: Servicenämnd\n', 2) },
  { id: 'dubblerad-nyckel/flödesmappning', klass: 'dubblerad-nyckel', setup: replace('rapport.yaml', 'dnr: SEN/2023:35', 'dnr: SEN/2023:35\nbeslut: {datum: 2023-09-20, datum: 2023-09-21}'), code: 'yaml.dubblerad-nyckel', file: R, at: at('datum: 2023-09-21') },
  { id: 'dubblerad-nyckel/två-filer', klass: 'dubblerad-nyckel', setup: append('personal.yaml', '\nkommun: Eskilstuna\n'), code: 'fil.dubblerad-nyckel', file: PE, at: at('\nkommun: Eskilstuna', 1) },

  // --- duplicate ids --------------------------------------------------------------------------------
  { id: 'dubblerat-id/risk', klass: 'dubblerat-id', setup: replace('internkontroll.yaml', '            - id: km-inkop', '            - id: risk-inkop'), code: 'id.unik', file: IK, at: at('- id: risk-inkop', 6, { nth: 2 }) },
  { id: 'dubblerat-id/perspektiv', klass: 'dubblerat-id', setup: replace('mal.yaml', '        - id: po-naringsliv', '        - id: hallbar-utveckling'), code: 'id.unik', file: MAL, at: at('- id: hallbar-utveckling\n          namn: Främja', 6) },
  { id: 'dubblerat-id/mellan-filer', klass: 'dubblerat-id', setup: replace('internkontroll.yaml', '        - id: risk-inkop', '        - id: hallbar-utveckling'), code: 'id.unik', file: IK, at: at('- id: hallbar-utveckling', 6) },

  // --- dangling references ---------------------------------------------------------------------------
  { id: 'referens/prosa-till-saknad-rad', klass: 'referens', setup: replace('rapport.yaml', '{{belopp summa-rr.utfall enhet', '{{belopp summa-r.utfall enhet'), code: 'prosa.referens', file: R, at: at('summa-r.utfall') },
  { id: 'referens/prosa-till-saknad-kolumn', klass: 'referens', setup: replace('rapport.yaml', '{{belopp summa-rr.utfall enhet', '{{belopp summa-rr.utfal enhet'), code: 'prosa.referens', file: R, at: at('summa-rr.utfal ') },
  { id: 'referens/okänt-perspektiv', klass: 'referens', setup: replace('internkontroll.yaml', 'perspektiv: effektiv-organisation\n      risker:\n        - id: risk-inkop', 'perspektiv: effektiv-organisationn\n      risker:\n        - id: risk-inkop'), code: 'ref.saknas', file: IK, at: at('effektiv-organisationn') },
  { id: 'referens/okänt-statusvärde', klass: 'referens', setup: replace('internkontroll.yaml', 'bedömning: uppgift saknas   # "●" utan färg (S:646)', 'bedömning: små_brister'), code: 'schema.värde', file: IK, at: at('små_brister') },

  // --- aliases and merge keys -------------------------------------------------------------------------
  { id: 'alias/miljarder-skratt', klass: 'alias', setup: append('personal.yaml', `\n${laughs(9)}`), code: 'yaml.alias', file: PE, at: at('*l0') },
  { id: 'alias/för-många', klass: 'alias', setup: append('personal.yaml', `\nankare: &a 1\nmånga: [${Array.from({ length: 101 }, () => '*a').join(', ')}]\n`), code: 'yaml.alias', file: PE, at: at('*a') },
  { id: 'alias/sammanslagningsnyckel', klass: 'alias', setup: replace('rapport.yaml', 'förvaltning:\n  namn: Serviceförvaltningen', 'förvaltning:\n  <<: {namn: Serviceförvaltningen}\n  namn: Serviceförvaltningen'), code: 'schema.okänd-nyckel', file: R, at: at('<<:') },
  { id: 'alias/alias-före-ankare', klass: 'alias', setup: replace('rapport.yaml', 'paragraf: 55', 'paragraf: *senare\nsenare: &senare 55'), code: 'yaml.syntax', file: R, at: at('*senare') },

  // --- deep nesting -------------------------------------------------------------------------------------
  { id: 'djup/flödeslistor', klass: 'djup', setup: append('personal.yaml', `\ndjup: ${'['.repeat(5000)}${']'.repeat(5000)}\n`), code: 'yaml.djup', file: PE, at: at('djup:', 6, { anyColumn: true }) },
  { id: 'djup/flödesmappningar', klass: 'djup', setup: append('personal.yaml', `\ndjup: ${'{a: '.repeat(2000)}1${'}'.repeat(2000)}\n`), code: 'yaml.djup', file: PE, at: at('djup:', 6, { anyColumn: true }) },
  { id: 'djup/indrag', klass: 'djup', setup: append('personal.yaml', `\ndjup:\n${Array.from({ length: 200 }, (_, i) => `${' '.repeat(2 * (i + 1))}n:`).join('\n')} 1\n`), code: 'yaml.djup', file: PE, at: at(`\n${' '.repeat(2 * 64)}n:`, 1 + 2 * 64) },

  // --- oversized files -------------------------------------------------------------------------------------
  { id: 'storlek/yaml-över-gränsen', klass: 'storlek', setup: append('personal.yaml', `\n# ${'x'.repeat(6 * 1024 * 1024)}\n`), code: 'fil.för-stor', file: PE, at: line(1, 1) },
  { id: 'storlek/för-många-värden', klass: 'storlek', setup: write('stor.yaml', `lista:\n${'  - 1\n'.repeat(300_000)}`), code: 'yaml.storlek', file: 'rapport/stor.yaml', at: line(200_001, 5) },
  { id: 'storlek/prosafil-över-gränsen', klass: 'storlek', setup: append('text/sammanfattning.md', `\n${'x'.repeat(6 * 1024 * 1024)}\n`), code: 'fil.för-stor', file: 'rapport/text/sammanfattning.md', at: line(1, 1) },

  // --- encodings, BOM, line ends ------------------------------------------------------------------------------
  { id: 'kodning/latin-1', message: /Latin-1/, klass: 'kodning', setup: (dir) => writeFileSync(file(dir, 'rapport.yaml'), Buffer.concat([Buffer.from('kommun: Esk'), Buffer.from([0xe4]), Buffer.from('lstuna\n'), readFileSync(file(dir, 'rapport.yaml')).subarray(readFileSync(file(dir, 'rapport.yaml')).indexOf('\nnämnd:') + 1)])), code: 'fil.kodning', file: R, at: line(1, 12) },
  { id: 'kodning/bom-och-latin-1-rad-2', klass: 'kodning', setup: (dir) => writeFileSync(file(dir, 'personal.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# Ett tecken \uFFFD som är rätt kodat\n# Sk'), Buffer.from([0xf6]), Buffer.from('vde\n'), readFileSync(file(dir, 'personal.yaml'))])), code: 'fil.kodning', file: PE, at: line(2, 5), message: /byte 0xF6/ },
  { id: 'kodning/utf-16', klass: 'kodning', setup: (dir) => writeFileSync(file(dir, 'personal.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(file(dir, 'personal.yaml'), 'utf8'), 'utf16le')])), code: 'fil.kodning', file: PE, at: line(1, 1) },
  { id: 'kodning/nul-tecken', klass: 'kodning', setup: replace('rapport.yaml', 'dnr: SEN/2023:35', 'dnr: SEN/2023\u0000:35'), code: 'fil.kodning', file: R, at: at('\u0000') },
  { id: 'kodning/styrtecken', klass: 'kodning', setup: replace('rapport.yaml', 'dnr: SEN/2023:35', 'dnr: SEN/2023\u0007:35'), code: 'fil.kodning', file: R, at: at('\u0007') },
  { id: 'kodning/nul-som-escape', klass: 'kodning', setup: replace('rapport.yaml', 'dnr: SEN/2023:35', 'dnr: "SEN/2023\\u0000:35"'), code: 'yaml.tecken', file: R, at: at('"SEN/2023\\u0000') },
  { id: 'kodning/ensamt-surrogat', klass: 'kodning', setup: replace('rapport.yaml', 'dnr: SEN/2023:35', 'dnr: "SEN/2023\\ud800:35"'), code: 'yaml.tecken', file: R, at: at('"SEN/2023\\ud800') },
  { id: 'kodning/tecken-utanför-typsnittet', klass: 'kodning', setup: replace('rapport.yaml', 'dnr: SEN/2023:35', 'dnr: "SEN/2023:35 \\u6F22"'), code: 'pdf.tecken', file: R, at: at('\\u6F22') },
  { id: 'kodning/bom-och-fel', klass: 'kodning', setup: (dir) => { replaceOnce(dir, 'rapport.yaml', 'paragraf: 55', 'paragraf: femtiofem'); writeFileSync(file(dir, 'rapport.yaml'), `\uFEFF${readFileSync(file(dir, 'rapport.yaml'), 'utf8')}`); }, code: 'schema.typ', file: R, at: at('femtiofem') },
  { id: 'kodning/crlf-och-fel', klass: 'kodning', setup: (dir) => { replaceOnce(dir, 'ekonomi.yaml', 'utfall: -42.9', 'utfall: -44.9'); writeFileSync(file(dir, 'ekonomi.yaml'), readFileSync(file(dir, 'ekonomi.yaml'), 'utf8').replace(/\n/g, '\r\n')); }, code: 'summa.rader', file: EK, at: at('utfall: -527.7', 8) },
  { id: 'kodning/ogiltig-utf8-i-prosafil', klass: 'kodning', setup: write('text/sammanfattning.md', Buffer.from([0x48, 0x65, 0x6a, 0x20, 0xff, 0xfe, 0x0a])), code: 'fil.kodning', file: 'rapport/text/sammanfattning.md', at: line(1, 5) },

  // --- numbers ---------------------------------------------------------------------------------------------------
  { id: 'tal/nan', klass: 'tal', setup: replace('ekonomi.yaml', 'utfall: -42.9', 'utfall: .nan'), code: 'schema.tal', file: EK, at: at('.nan') },
  { id: 'tal/oändligt', klass: 'tal', setup: replace('ekonomi.yaml', 'utfall: -42.9', 'utfall: .inf'), code: 'schema.tal', file: EK, at: at('.inf') },
  { id: 'tal/minus-oändligt', klass: 'tal', setup: replace('ekonomi.yaml', 'utfall: -42.9', 'utfall: -.inf'), code: 'schema.tal', file: EK, at: at('-.inf') },
  { id: 'tal/1e400', klass: 'tal', setup: replace('ekonomi.yaml', 'utfall: -42.9', 'utfall: 1e400'), code: 'schema.tal', file: EK, at: at('1e400') },
  { id: 'tal/svensk-skrivning', message: /punkt som decimaltecken/, klass: 'tal', setup: replace('ekonomi.yaml', 'utfall: -42.9', 'utfall: -42,9'), code: 'schema.typ', file: EK, at: at('-42,9') },
  { id: 'tal/tusentalsavgränsare', klass: 'tal', setup: replace('ekonomi.yaml', 'utfall: -42.9', 'utfall: "-1 042,9"'), code: 'schema.typ', file: EK, at: at('"-1 042,9"') },
  { id: 'tal/understreck', klass: 'tal', setup: replace('ekonomi.yaml', 'utfall: -42.9', 'utfall: -1_042.9'), code: 'schema.typ', file: EK, at: at('-1_042.9') },
  { id: 'tal/oktalt', klass: 'tal', setup: replace('rapport.yaml', 'paragraf: 55', 'paragraf: 0o67'), code: 'schema.tal', file: R, at: at('0o67') },
  { id: 'tal/hex', klass: 'tal', setup: replace('rapport.yaml', 'paragraf: 55', 'paragraf: 0x37'), code: 'schema.tal', file: R, at: at('0x37') },
  { id: 'tal/riskvärde-utanför-skalan', klass: 'tal', setup: replace('internkontroll.yaml', 'sannolikhet: 4\n          konsekvens: 4\n          riskvärde: 16', 'sannolikhet: 4000\n          konsekvens: 4\n          riskvärde: 16'), code: 'schema.gräns', file: IK, at: at('4000') },

  // --- dates ---------------------------------------------------------------------------------------------------------
  { id: 'datum/30-februari', klass: 'datum', setup: replace('rapport.yaml', '    från: 2023-01-01', '    från: 2023-02-30'), code: 'schema.format', file: R, at: at('2023-02-30') },
  { id: 'datum/månad-13', klass: 'datum', setup: replace('rapport.yaml', '    från: 2023-01-01', '    från: 2023-13-01'), code: 'schema.format', file: R, at: at('2023-13-01') },
  { id: 'datum/utan-nollor', klass: 'datum', setup: replace('rapport.yaml', '    från: 2023-01-01', '    från: 2023-1-1'), code: 'schema.format', file: R, at: at('2023-1-1') },
  { id: 'datum/svensk-skrivning', klass: 'datum', setup: replace('rapport.yaml', '    från: 2023-01-01', '    från: 1/1 2023'), code: 'schema.format', file: R, at: at('1/1 2023') },
  { id: 'datum/med-klockslag', klass: 'datum', setup: replace('rapport.yaml', '    från: 2023-01-01', '    från: 2023-01-01T00:00:00Z'), code: 'schema.format', file: R, at: at('2023-01-01T00') },
  { id: 'datum/29-februari-icke-skottår', klass: 'datum', setup: replace('mal.yaml', 'trend: oförändrad   # → (S:139, S:233)\n              kommentar:\n                datum: 2023-08-31', 'trend: oförändrad   # → (S:139, S:233)\n              kommentar:\n                datum: 2023-02-29'), code: 'schema.format', file: MAL, at: at('2023-02-29') },

  // --- empty files and folders --------------------------------------------------------------------------------------------
  { id: 'tom/rapport-yaml', klass: 'tom', setup: write('rapport.yaml', ''), code: 'schema.saknas', file: R, at: line(1) },
  { id: 'tom/bara-kommentarer', klass: 'tom', setup: write('rapport.yaml', '# inget här än\n'), code: 'schema.saknas', file: R, at: line(1) },
  { id: 'tom/lista-i-stället-för-mappning', klass: 'tom', setup: write('personal.yaml', '- a\n- b\n'), code: 'fil.ej-mappning', file: PE, at: line(1, 1) },
  { id: 'tom/skalär-i-stället-för-mappning', klass: 'tom', setup: write('personal.yaml', 'hej\n'), code: 'fil.ej-mappning', file: PE, at: line(1, 1) },
  { id: 'tom/tom-prosafil-och-fel', klass: 'tom', setup: (dir) => { writeFileSync(file(dir, 'text/sammanfattning.md'), ''); replaceOnce(dir, 'rapport.yaml', 'paragraf: 55', 'paragraf: noll'); }, code: 'schema.typ', file: R, at: at('noll') },
  { id: 'mapp/saknas', klass: 'mapp', setup: () => undefined, target: 'finns-inte', code: 'fil.mapp-saknas', file: 'finns-inte' },
  { id: 'mapp/tom', klass: 'mapp', setup: (_dir, project) => mkdirSync(path.join(project, 'tom')), target: 'tom', code: 'fil.rapport-saknas', file: 'tom' },
  { id: 'mapp/utan-rapport-yaml', klass: 'mapp', setup: (dir) => rmSync(file(dir, 'rapport.yaml')), code: 'fil.rapport-saknas', file: 'rapport' },

  // --- symlinks and paths leading out of the project -----------------------------------------------------------------------------
  { id: 'symlänk/yaml-utanför', klass: 'symlänk', setup: (dir, project) => { writeFileSync(path.join(project, 'hemlig.yaml'), 'hemligt: 1\n'); symlinkSync(path.join(project, 'hemlig.yaml'), file(dir, 'extra.yaml')); }, code: 'fil.utanför', file: 'rapport/extra.yaml', at: line(1, 1) },
  { id: 'symlänk/yaml-till-etc', klass: 'symlänk', setup: (dir) => { rmSync(file(dir, 'personal.yaml')); symlinkSync('/etc/passwd', file(dir, 'personal.yaml')); }, code: 'fil.utanför', file: PE, at: line(1, 1) },
  { id: 'symlänk/prosafil-utanför', klass: 'symlänk', setup: (dir) => { rmSync(file(dir, 'text/sammanfattning.md')); symlinkSync('/etc/hostname', file(dir, 'text/sammanfattning.md')); }, code: 'prosa.fil', file: R, at: at('fil: text/sammanfattning.md', 5) },
  { id: 'symlänk/länk-i-cirkel', klass: 'symlänk', setup: (dir) => symlinkSync(file(dir, 'cirkel.yaml'), file(dir, 'cirkel.yaml')), code: 'fil.utanför', file: 'rapport/cirkel.yaml', at: line(1, 1) },
  { id: 'sökväg/profilens-tema-utanför', klass: 'sökväg', setup: (_dir, project) => writeFileSync(path.join(project, 'profil.yaml'), `${readFileSync(path.resolve(import.meta.dirname, '..', '..', 'templates', 'profil.yaml'), 'utf8')}\ntema: ../../../../../../etc/tema.yaml\n`), code: 'fil.utanför', file: 'profil.yaml', at: at('tema: ../', 6) },
  { id: 'sökväg/profilens-tema-absolut', klass: 'sökväg', setup: (_dir, project) => writeFileSync(path.join(project, 'profil.yaml'), `${readFileSync(path.resolve(import.meta.dirname, '..', '..', 'templates', 'profil.yaml'), 'utf8')}\ntema: /etc/tema.yaml\n`), code: 'fil.utanför', file: 'profil.yaml', at: at('tema: /etc', 6) },
  { id: 'sökväg/punkt-punkt', klass: 'sökväg', setup: replace('rapport.yaml', 'fil: text/sammanfattning.md', 'fil: ../../../../../../etc/passwd'), code: 'prosa.fil', file: R, at: at('fil: ../', 5) },
  { id: 'sökväg/absolut', klass: 'sökväg', setup: replace('rapport.yaml', 'fil: text/sammanfattning.md', 'fil: /etc/passwd'), code: 'prosa.fil', file: R, at: at('fil: /etc', 5) },
  { id: 'sökväg/via-undermapp', klass: 'sökväg', setup: replace('rapport.yaml', 'fil: text/sammanfattning.md', 'fil: text/../../hemlig.md'), code: 'prosa.fil', file: R, at: at('fil: text/..', 5) },
  { id: 'sökväg/mapp-som-fil', klass: 'sökväg', setup: replace('rapport.yaml', 'fil: text/sammanfattning.md', 'fil: text'), code: 'prosa.fil', file: R, at: at('fil: text\n', 5) },
  { id: 'sökväg/fil-url', klass: 'sökväg', setup: replace('rapport.yaml', 'fil: text/sammanfattning.md', 'fil: file:///etc/passwd'), code: 'prosa.fil', file: R, at: at('fil: file:', 5) },
  { id: 'sökväg/bild-utanför', klass: 'sökväg', setup: append('text/sammanfattning.md', '\n![karta](../../../../etc/passwd)\n'), code: 'prosa.bild', file: 'rapport/text/sammanfattning.md', at: at('![karta]') },
  { id: 'sökväg/bild-via-url', klass: 'sökväg', setup: append('text/sammanfattning.md', '\n![karta](https://example.com/karta.png)\n'), code: 'prosa.bild', file: 'rapport/text/sammanfattning.md', at: at('![karta]') },

  // --- template syntax inside prose --------------------------------------------------------------------------------------------------
  { id: 'mallsyntax-i-prosa/block', klass: 'mallsyntax-i-prosa', setup: append('text/sammanfattning.md', '\n{{#each mål}}x{{/each}}\n'), code: 'prosa.syntax', file: 'rapport/text/sammanfattning.md', at: at('{{#each') },
  { id: 'mallsyntax-i-prosa/partial', klass: 'mallsyntax-i-prosa', setup: append('text/sammanfattning.md', '\n{{> ekonomi}}\n'), code: 'prosa.syntax', file: 'rapport/text/sammanfattning.md', at: at('{{> ekonomi}}') },
  { id: 'mallsyntax-i-prosa/trippel', klass: 'mallsyntax-i-prosa', setup: append('text/sammanfattning.md', '\n{{{belopp summa-rr.utfall}}}\n'), code: 'prosa.syntax', file: 'rapport/text/sammanfattning.md', at: at('{{{belopp') },
  { id: 'mallsyntax-i-prosa/konstruktor', klass: 'mallsyntax-i-prosa', setup: append('text/sammanfattning.md', '\n{{constructor.constructor "return process"}}\n'), code: 'prosa.hjälpare', file: 'rapport/text/sammanfattning.md', at: at('{{constructor') },
  { id: 'mallsyntax-i-prosa/lookup', klass: 'mallsyntax-i-prosa', setup: append('text/sammanfattning.md', '\n{{lookup this "__proto__"}}\n'), code: 'prosa.hjälpare', file: 'rapport/text/sammanfattning.md', at: at('{{lookup') },
  { id: 'mallsyntax-i-prosa/oavslutad', klass: 'mallsyntax-i-prosa', setup: append('text/sammanfattning.md', '\n{{belopp summa-rr.utfall\n'), code: 'prosa.syntax', file: 'rapport/text/sammanfattning.md', at: at('{{belopp summa-rr.utfall\n') },
  { id: 'mallsyntax-i-prosa/i-yaml-text', klass: 'mallsyntax-i-prosa', setup: replace('rapport.yaml', '{{belopp summa-rr.utfall enhet', '{{#with this}}{{/with}}{{belopp summa-rr.utfall enhet'), code: 'prosa.syntax', file: R, at: at('{{#with') },

  // --- prototype-pollution keys ---------------------------------------------------------------------------------------------------------
  { id: 'prototyp/__proto__-toppnyckel', klass: 'prototyp', setup: append('personal.yaml', '\n__proto__:\n  förorenad: ja\n'), code: 'schema.okänd-nyckel', file: PE, at: at('__proto__') },
  { id: 'prototyp/__proto__-nästlad', klass: 'prototyp', setup: replace('rapport.yaml', '  förkortning: SEN\n', '  förkortning: SEN\n  __proto__: {förorenad: ja}\n'), code: 'schema.okänd-nyckel', file: R, at: at('__proto__') },
  { id: 'prototyp/constructor', klass: 'prototyp', setup: replace('rapport.yaml', '  förkortning: SEN\n', '  förkortning: SEN\n  constructor: {prototype: {förorenad: ja}}\n'), code: 'schema.okänd-nyckel', file: R, at: at('constructor') },
  { id: 'prototyp/prototype', klass: 'prototyp', setup: append('personal.yaml', '\nprototype: 1\n'), code: 'schema.okänd-nyckel', file: PE, at: at('prototype') },
  { id: 'prototyp/id-__proto__', klass: 'prototyp', setup: replace('internkontroll.yaml', '        - id: risk-inkop', '        - id: __proto__'), code: 'schema.format', file: IK, at: at('__proto__') },
  { id: 'prototyp/id-constructor-referens', klass: 'prototyp', setup: replace('rapport.yaml', '{{belopp summa-rr.utfall enhet', '{{belopp constructor.utfall enhet'), code: 'prosa.referens', file: R, at: at('constructor.utfall') },

  // --- broken or malicious custom templates (--mallar) ------------------------------------------------------------------------------------
  ...templateCases(),
];

/** A copy of the bundled templates in `project/mallar`, then changed. */
function withTemplates(change: (mallar: string) => void) {
  return (_dir: string, project: string) => {
    const mallar = path.join(project, 'mallar');
    cpSync(path.resolve(import.meta.dirname, '..', '..', 'templates'), mallar, { recursive: true });
    change(mallar);
  };
}

function templateCases(): BadCase[] {
  const M = 'mallar/rapport.hbs';
  const P = 'mallar/partials/status.hbs';
  const edit = (name: string, f: (s: string) => string) => (mallar: string) => writeFileSync(path.join(mallar, name), f(readFileSync(path.join(mallar, name), 'utf8')));
  return [
    { id: 'mall/syntaxfel', message: /avslutas aldrig med \{\{\/if\}\}/, klass: 'mall', args: ['--mallar', 'mallar'], setup: withTemplates(edit('rapport.hbs', (s) => s.replace('</body>', '{{#if}}</body>'))), code: 'mall.syntax', file: M, at: at('{{#if}}') },
    { id: 'mall/oavslutat-block', klass: 'mall', args: ['--mallar', 'mallar'], setup: withTemplates(edit('rapport.hbs', (s) => s.replace('</body>', '{{#each rader}}</body>'))), code: 'mall.syntax', file: M, at: at('{{#each rader}}') },
    { id: 'mall/okänd-hjälpare', klass: 'mall', args: ['--mallar', 'mallar'], setup: withTemplates(edit('rapport.hbs', (s) => s.replace('</body>', '{{läsfil "/etc/passwd"}}</body>'))), code: 'mall.fel', file: M, at: at('{{läsfil') },
    { id: 'mall/saknad-partial', klass: 'mall', args: ['--mallar', 'mallar'], setup: withTemplates(edit('rapport.hbs', (s) => s.replace('</body>', '{{> finns-inte}}</body>'))), code: 'mall.fel', file: M, at: at('{{> finns-inte}}') },
    { id: 'mall/partial-via-sökväg', klass: 'mall', args: ['--mallar', 'mallar'], setup: withTemplates(edit('rapport.hbs', (s) => s.replace('</body>', '{{> ../../../etc/passwd}}</body>'))), code: 'mall.fel', file: M, at: at('{{> ../') },
    { id: 'mall/prototyp-konstruktor', klass: 'mall', args: ['--mallar', 'mallar'], setup: withTemplates(edit('rapport.hbs', (s) => s.replace('</body>', '{{#with (lookup this "constructor")}}{{name}}{{/with}}</body>'))), code: 'mall.åtkomst', file: M },
    { id: 'mall/prototyp-__proto__', klass: 'mall', args: ['--mallar', 'mallar'], setup: withTemplates(edit('partials/status.hbs', (s) => `{{__proto__.toString}}${s}`)), code: 'mall.åtkomst', file: P },
    { id: 'mall/partial-utanför', klass: 'mall', args: ['--mallar', 'mallar'], setup: withTemplates((mallar) => { rmSync(path.join(mallar, 'partials', 'status.hbs')); symlinkSync('/etc/passwd', path.join(mallar, 'partials', 'status.hbs')); }), code: 'fil.utanför', file: P, at: line(1, 1) },
  ];
}
