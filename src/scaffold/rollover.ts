/**
 * `rapport ny-period`: the next period's report from the current one.
 *
 * What a figure means follows from the two periods, never from its position. Every money column is
 * read as a quantity over an interval – "utfall januari–april 2025", "budget 2025", "prognos made in
 * april 2025" – in the old report, and the new report's columns are read the same way in the new
 * period. A value moves only to a column that means the same quantity: DR2 2023's utfall becomes
 * DR2 2024's utfall_fg, DR1's budget_helår stays DR2's budget_helår and becomes the
 * verksamhetsberättelse's budget, and nothing of DR1's "this period" lands in DR2's "same period last
 * year". Everything without a column of the same meaning is cleared.
 *
 * Indicator and personal series follow their period labels: a period that continues (the year, from
 * DR1 to DR2 and to the verksamhetsberättelse) is cleared and kept, a new period is added, targets per
 * period, ids and texts carry over. Assessments become `uppgift saknas` where the profile allows it,
 * comments, analyses and explanations are removed (absent is absent), and a text the report must have
 * becomes a placeholder («FYLL I: …», src/check/placeholders.ts) that check lists and build refuses.
 *
 * Works on the `yaml` Document API so comments survive where their nodes survive; every written YAML
 * file goes through formatYamlSource.
 *
 * This file is the command: it reads the source folder, works out the new period, runs the steps on
 * each YAML document and writes the new folder. The steps live beside it:
 * - rollover-period-labels.ts: periods on the month axis, period labels moved to the new period
 * - rollover-step.ts: what one rollover knows (Step); names, titles and continuing periods
 * - rollover-yaml.ts: node helpers that keep comments where the value stays
 * - rollover-texts.ts: texts and assessments – kept, left out, `uppgift saknas` or a placeholder
 * - rollover-money-tables.ts: ekonomi's tables, columns and headings, figures moved by meaning
 * - rollover-series.ts: indicator series, statistics rows, sjukfrånvaro and nyckeltal
 * - rollover-metadata.ts: rapport, decision and summaries
 * - rollover-sections.ts: mål, internkontroll, bilagor, avsnitt
 * - rollover-references.ts: samma_som references and undantag across the periods
 */
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, parseDocument, type Document } from 'yaml';
import { placeholder } from '../check/placeholders.js';
import { deriveReport, type DerivedReport } from '../derive/index.js';
import { loadReportFolder } from '../load/report-folder.js';
import { readBounded, SourceSnapshot, withSnapshot } from '../load/snapshot.js';
import { readProblemMessage } from '../load/text-file.js';
import { MAX_FILE_BYTES } from '../load/yaml-file.js';
import { findProfile, loadProfile, type Profile } from '../profile/profile.js';
import { validateReport } from '../validate/validate.js';
import { modeline } from './modeline.js';
import { rolloverEkonomi } from './rollover-money-tables.js';
import { rolloverMeta } from './rollover-metadata.js';
import { endIndex, monthOf, type Period, type RapportTypNamn } from './rollover-period-labels.js';
import { ensureEmptyTarget, validateDates, writeYaml } from './target-folder.js';
import { periodSuffixes, pruneExceptions, pruneReferences, renameReferences } from './rollover-references.js';
import { rolloverAvsnitt, rolloverBilagor, rolloverInternkontroll, rolloverMal } from './rollover-sections.js';
import { rolloverPersonal } from './rollover-series.js';
import type { Step } from './rollover-step.js';
import { mapAt, type Obj } from './rollover-yaml.js';

export interface RolloverOptions {
  typ?: RapportTypNamn;
  nummer?: number;
  år: number;
  från: string;
  till: string;
}

export interface RolloverResult {
  files: string[];
  /**
   * What the new report must state that the format cannot leave open (a field the profile requires,
   * `krävs`, which can be neither left out nor written `uppgift saknas`): check reports each as an error
   * until it is written. Empty for the examples' profiles.
   */
  attFylla: string[];
}

const MODELINE_RE = /^# yaml-language-server: \$schema=.*$/;

/** Read the old report's period from the source's YAML files. */
function sourcePeriod(docs: Map<string, Document>): Period | undefined {
  for (const doc of docs.values()) {
    const r = doc.getIn(['rapport']);
    if (!r) continue;
    const typ = doc.getIn(['rapport', 'typ']);
    const år = doc.getIn(['rapport', 'år']);
    const från = doc.getIn(['rapport', 'period', 'från']);
    const till = doc.getIn(['rapport', 'period', 'till']);
    const nummer = doc.getIn(['rapport', 'nummer']);
    const lagstadgad = doc.getIn(['rapport', 'lagstadgad']);
    if (typeof år === 'number' && typeof till === 'string' && typeof från === 'string') {
      return {
        typ: typ === 'verksamhetsberättelse' ? 'verksamhetsberättelse' : 'delårsrapport',
        år,
        från,
        till,
        nummer: typeof nummer === 'number' ? nummer : undefined,
        lagstadgad: typeof lagstadgad === 'boolean' ? lagstadgad : undefined,
      };
    }
  }
  return undefined;
}

/**
 * The new report's number: as given; else the next one after a delårsrapport earlier in the same
 * year (DR1 → DR2), the same one for the same period of another year, none otherwise.
 */
function newNumber(old: Period, o: RolloverOptions, typ: RapportTypNamn): number | undefined {
  if (o.nummer !== undefined) return o.nummer;
  if (typ !== 'delårsrapport' || old.typ !== 'delårsrapport' || old.nummer === undefined) return undefined;
  if (old.år === o.år && o.till > old.till) return Math.min(old.nummer + 1, 3);
  if (old.till.slice(5) === o.till.slice(5)) return old.nummer;
  return undefined;
}

/** The old report as the tool derives it, when it validates (for the deviations it printed but did not state). */
function deriveOld(source: string, profile: Profile): DerivedReport | undefined {
  return withSnapshot(new SourceSnapshot(), () => {
    const { report: loaded } = loadReportFolder(source, source);
    if (!loaded) return undefined;
    const { report } = validateReport(loaded, profile);
    return report ? deriveReport(report, loaded.sourceMap, profile) : undefined;
  });
}

/**
 * ny-period copies the folder: a symbolic link would be copied as a link and the new period's text
 * written through it (to a file anywhere), and a FIFO or device would be read. Both are refused.
 */
function refuseLinksAndSpecialFiles(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) throw new Error(`${abs} är en symbolisk länk; ny-period kopierar inga länkar – ersätt den med filen`);
    if (entry.isDirectory()) refuseLinksAndSpecialFiles(abs);
    else if (!entry.isFile()) throw new Error(`${abs} är ingen vanlig fil (en FIFO, socket eller enhet); ta bort den`);
  }
}

function renderYaml(doc: Document, ml: string): string {
  const lines = doc.toString({ lineWidth: 0, flowCollectionPadding: false }).split('\n');
  if (MODELINE_RE.test(lines[0] ?? '')) lines[0] = ml;
  else lines.unshift(ml);
  return lines.join('\n');
}

/** The next period's report from the report in `source`, written to `target` (must not exist or be empty). */
export function rolloverReport(source: string, target: string, options: RolloverOptions): RolloverResult {
  validateDates(options.från, options.till);
  if (options.från.slice(0, 4) !== String(options.år) || options.till.slice(0, 4) !== String(options.år)) {
    throw new Error(`perioden ${options.från}–${options.till} ligger inte i rapportåret ${options.år}`);
  }
  if (options.nummer !== undefined && (!Number.isInteger(options.nummer) || options.nummer < 1 || options.nummer > 3)) {
    throw new Error(`ogiltigt nummer ${options.nummer}: delårsrapportens nummer är 1–3`);
  }
  if (!existsSync(path.join(source, 'rapport.yaml'))) throw new Error(`${source} är ingen rapportmapp (rapport.yaml saknas)`);
  refuseLinksAndSpecialFiles(source);
  const names = readdirSync(source).filter((n) => /\.ya?ml$/.test(n)).sort();
  const docs = new Map<string, Document>();
  for (const name of names) {
    const read = readBounded(path.join(source, name), MAX_FILE_BYTES);
    if (!read.bytes) throw new Error(`${name} kan inte läsas: ${readProblemMessage(read.problem, read.size, MAX_FILE_BYTES, read.code).message}`);
    const doc = parseDocument(read.bytes.toString('utf8'), { uniqueKeys: true });
    if (doc.errors.length > 0) throw new Error(`${name} kan inte läsas: ${doc.errors[0]?.message ?? ''}`);
    docs.set(name, doc);
  }
  const old = sourcePeriod(docs);
  if (!old) throw new Error('rapportens typ, år och period (rapport.typ, rapport.år, rapport.period) saknas i källan');
  // A verksamhetsberättelse covers the year: without --typ, a shorter period after one is a delårsrapport.
  const fullYear = options.från.slice(5) === '01-01' && options.till.slice(5) === '12-31';
  const typ = options.typ ?? (old.typ === 'verksamhetsberättelse' && !fullYear ? 'delårsrapport' : old.typ);
  const neu: Period = { typ, år: options.år, från: options.från, till: options.till, nummer: typ === 'delårsrapport' ? newNumber(old, options, typ) : options.nummer };
  if (endIndex(neu) < endIndex(old)) throw new Error(`den nya perioden (till ${neu.till}) slutar före den nuvarande (till ${old.till}); ny-period skapar nästa period`);
  const { profile, diagnostics } = loadProfile(findProfile(source));
  if (!profile) throw new Error(`profilen kan inte läsas: ${diagnostics[0]?.message ?? ''}`);

  const step: Step = {
    old,
    neu,
    shift: { oldYear: old.år, newYear: neu.år, oldMonth: monthOf(old.till) - 1, newMonth: monthOf(neu.till) - 1 },
    sameYear: old.år === neu.år,
    typeChanged: old.typ !== neu.typ,
    profile,
    oldDerived: deriveOld(source, profile),
    source,
    files: new Map(),
    attFylla: [],
    rename: periodSuffixes(source, target),
  };

  ensureEmptyTarget(target);
  const ml = modeline(target);
  for (const doc of docs.values()) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const r = root as Obj;
    rolloverMeta(r, step);
    const ekonomi = mapAt(r, 'ekonomi');
    if (ekonomi) rolloverEkonomi(ekonomi, step);
    const mal = mapAt(r, 'mål');
    if (mal) rolloverMal(doc, mal, step);
    const ik = mapAt(r, 'internkontroll');
    if (ik) rolloverInternkontroll(ik, step);
    const personal = mapAt(r, 'personal');
    if (personal) {
      rolloverPersonal(doc, personal, step);
      // Emptied (its head count is not known yet): the section stays with the placeholder that says what to write.
      if (personal.items.length === 0) personal.flow = true;
    }
    if (r.has('bilagor')) rolloverBilagor(r.get('bilagor', true), step);
    if (r.has('avsnitt')) rolloverAvsnitt(doc, r.get('avsnitt', true), step);
    renameReferences(r, step);
  }
  const files: string[] = [];
  for (const [name, doc] of docs) files.push(writeYaml(target, name, renderYaml(doc, ml)));
  for (const name of pruneReferences(target, docs, profile)) writeYaml(target, name, renderYaml(docs.get(name)!, ml));
  for (const name of pruneExceptions(target, docs)) writeYaml(target, name, renderYaml(docs.get(name)!, ml));
  // A file left without content (one that held only the old report's undantag) is not kept.
  for (const [name, doc] of docs) {
    if (isMap(doc.contents) && (doc.contents as Obj).items.length === 0) {
      rmSync(path.join(target, name));
      files.splice(files.indexOf(path.join(target, name)), 1);
    }
  }

  // Prose files and other assets are copied as they are, except the texts of the old period: a text
  // the report must have gets a placeholder, one it may leave out is no longer referenced; the old
  // text stays beside either as <namn>.föregående.md (not read by the report).
  for (const entry of readdirSync(source)) {
    if (/\.ya?ml$/.test(entry)) continue;
    cpSync(path.join(source, entry), path.join(target, entry), { recursive: true });
  }
  for (const [rel, what] of step.files) {
    const file = path.join(target, rel);
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    const previous = file.replace(/(\.md)?$/, '.föregående.md');
    cpSync(file, previous);
    if (what === 'placeholder') writeFileSync(file, `${placeholder(`Skriv texten. Föregående periods text finns i ${path.basename(previous)}.`)}\n`);
    else rmSync(file);
  }
  const all = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of all(target).sort()) if (!files.includes(file)) files.push(file);
  return { files, attFylla: step.attFylla };
}
