/**
 * The kommun roll-up: a folder with kommun.yaml and the nämnder's report folders. Cross-report checks
 * (each nämnd's result, the catalog of kommungemensamma åtaganden) and the sammanställning's view.
 */
import { isSaknas, SAKNAS_TEXT } from '../schema/absent.js';
import { SAKNAS_VIEW } from '../render/view-model.js';
import type { KommunView } from '../render/kommun-view.js';
import { shownCounts } from '../derive/index.js';
import path from 'node:path';
import { effective, type Quantity } from '../derive/cell.js';
import { RESULT_MNKR, restate, statementOf, type MoneyTable, type RowView } from '../derive/economy.js';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { Decimal, halfUnit, toDecimal, writtenDecimals, ZERO } from '../format/decimal.js';
import { formatNumber } from '../format/number.js';
import { walkGoals } from '../model/goals.js';
import type { CompiledReport } from '../pipeline/compile.js';
import { KOMMUN_FILE, type Kommun, RESULT_COLUMNS } from '../schema/kommun.js';
import { kommunGlyphDiagnostics } from './glyphs.js';
import type { LoadedKommun } from './load.js';

/** The row that carries a nämnd's result: RR summa (else resultat), else the first driftredovisning's summa. */
export function resultRow(c: CompiledReport): { table: MoneyTable; row: RowView } | undefined {
  const rr = c.derived.rr;
  if (rr && c.report.ekonomi.resultaträkning) {
    const rader = c.report.ekonomi.resultaträkning.rader;
    const i = rader.findIndex((r) => r.roll === 'summa');
    const j = i >= 0 ? i : rader.findIndex((r) => r.roll === 'resultat');
    if (j >= 0 && rr.rows[j]) return { table: rr, row: rr.rows[j]! };
  }
  const drift = c.derived.drift[0];
  const summa = drift?.rows.find((r) => r.kind === 'summa');
  return drift && summa ? { table: drift, row: summa } : undefined;
}

/** A nämnd's result column in mnkr and result sign. */
export function resultValue(c: CompiledReport, column: string): Quantity | undefined {
  const found = resultRow(c);
  if (!found) return undefined;
  const q = effective(found.row.cells[column]);
  if (!q) return undefined;
  return restate(q, statementOf(found.table, found.row), column, RESULT_MNKR);
}

const show = (d: Decimal) => formatNumber(d, { decimals: Math.max(1, Math.min(3, d.decimalPlaces())) });

/** Does a catalog entry apply to a nämnd? */
function covers(entry: Kommun['åtaganden'][number], förkortning: string): boolean {
  return entry.nämnder === 'alla' || entry.nämnder.includes(förkortning);
}

/** Cross-report checks of a kommun against its nämnders' compiled reports (keyed by absolute folder). */
export function checkKommun(k: LoadedKommun, reports: ReadonlyMap<string, CompiledReport>): Diagnostic[] {
  // Its texts are printed in the sammanställning's PDF: characters without a glyph are errors.
  const out: Diagnostic[] = kommunGlyphDiagnostics(k);
  const map = k.sourceMap;
  const kom = k.kommun;
  const members: CompiledReport[] = [];
  const seen = new Map<string, number>();
  kom.nämnder.forEach((n, i) => {
    const folder = path.resolve(k.dir, n.rapport);
    const first = seen.get(folder);
    if (first !== undefined) {
      out.push(diag('kommun.rapport', 'error', `rapportmappen "${n.rapport}" står redan i sammanställningen; varje nämnd räknas en gång`, map.pos(['nämnder', i, 'rapport']), [{ message: 'först här', pos: map.pos(['nämnder', first, 'rapport']) }]));
      return;
    }
    seen.set(folder, i);
    const c = reports.get(folder);
    if (!c) {
      out.push(diag('kommun.rapport', 'error', `rapportmappen "${n.rapport}" finns inte eller byggs inte (den har fel)`, map.pos(['nämnder', i, 'rapport'])));
      return;
    }
    members.push(c);
    const r = c.report.rapport;
    if (r.år !== kom.år || r.typ !== kom.rapport.typ || (kom.rapport.nummer !== undefined && r.nummer !== kom.rapport.nummer)) {
      out.push(
        diag('kommun.rapport', 'error', `${c.report.nämnd.namn}s rapport är ${r.typ}${r.nummer ? ` ${r.nummer}` : ''} ${r.år}, men sammanställningen gäller ${kom.rapport.typ}${kom.rapport.nummer ? ` ${kom.rapport.nummer}` : ''} ${kom.år}`, map.pos(['nämnder', i, 'rapport']), [
          { message: 'nämndens rapport', pos: c.loaded.sourceMap.pos(['rapport', 'typ']) },
        ]),
      );
    }
    for (const col of RESULT_COLUMNS) {
      const stated = n.resultat?.[col];
      if (stated === undefined) continue;
      const p = ['nämnder', i, 'resultat', col];
      const raw = map.raw(p);
      const s = { value: toDecimal(stated, raw), uncertainty: halfUnit(writtenDecimals(stated, raw)) };
      const own = resultValue(c, col);
      const found = resultRow(c);
      if (!own || !found) {
        out.push(diag('kommun.resultat', 'error', `${c.report.nämnd.namn}s rapport har inget värde för ${col}`, map.pos(p)));
        continue;
      }
      const diff = s.value.minus(own.value);
      // Two roundings of the same figure: within half a unit of the coarser one.
      if (diff.abs().lte(s.uncertainty.gt(own.uncertainty) ? s.uncertainty : own.uncertainty)) continue;
      out.push(
        diag(
          'kommun.resultat',
          'error',
          `${c.report.nämnd.namn}, ${col}: sammanställningen anger ${show(s.value)} mnkr men nämndens rapport ger ${show(own.value)} mnkr (${found.row.namn})`,
          map.pos(p),
          [{ message: `${found.row.namn}, ${col} i nämndens rapport`, pos: c.loaded.sourceMap.pos(found.row.cells[col]?.path ?? found.row.path) }],
        ),
      );
    }
  });
  // The catalog: every entry that applies to a nämnd is reported by it, with the catalog's text.
  const byId = new Map(kom.åtaganden.map((a, i) => [a.id, { entry: a, index: i }]));
  for (const c of members) {
    const förk = c.report.nämnd.förkortning;
    const reported = new Set<string>();
    for (const g of walkGoals(c.report, c.profile)) {
      const ref = g.node.katalog;
      if (ref === undefined) continue;
      const hit = byId.get(ref);
      if (!hit) {
        out.push(diag('katalog.okänd', 'error', `åtagandet "${ref}" finns inte i kommunens katalog (${KOMMUN_FILE})`, c.loaded.sourceMap.pos([...g.path, 'katalog'])));
        continue;
      }
      reported.add(ref);
      if (g.node.namn.trim() !== hit.entry.text.trim()) {
        out.push(
          diag('katalog.text', 'error', `${c.report.nämnd.namn}s text för "${ref}" skiljer sig från katalogens; ett kommungemensamt åtagande har katalogens text`, c.loaded.sourceMap.pos([...g.path, 'namn']), [
            { message: 'katalogens text', pos: map.pos(['åtaganden', hit.index, 'text']) },
          ]),
        );
      }
    }
    kom.åtaganden.forEach((entry, i) => {
      if (!covers(entry, förk) || reported.has(entry.id)) return;
      out.push(
        diag('katalog.saknas', 'error', `${c.report.nämnd.namn} (${förk}) redovisar inte det kommungemensamma åtagandet "${entry.id}"; ange katalog: ${entry.id} på åtagandet`, map.pos(['åtaganden', i, 'id']), [
          { message: 'nämndens rapport', pos: c.loaded.sourceMap.pos(['nämnd', 'förkortning']) },
        ]),
      );
    });
  }
  return out;
}

/** What the kommun's sammanställning shows, from the nämnders' compiled reports. */
export function kommunView(k: LoadedKommun, members: CompiledReport[], css: string, build: KommunView['build']): KommunView {
  const kom = k.kommun;
  const first = members[0]!;
  const profile = first.profile;
  const kind = kom.rapport.typ;
  const sr = profile.data.målstruktur.statusräkning;
  const srScale = sr && profile.level(sr.nivå).status;
  const status =
    sr && srScale
      ? (() => {
          const keys = Object.keys(profile.scale(srScale).värden);
          // Each nämnd's counts as its own status table shows them (the printed ones, when it prints them); a
          // column for the nodes whose status no report states, when some report has them.
          const shown = (c: CompiledReport) => {
            const count = c.derived.antal.get(sr.nivå);
            return count && shownCounts(count);
          };
          const unknown = members.some((c) => (shown(c)?.okända ?? 0) > 0);
          const rader = members.map((c) => {
            const counts = shown(c);
            return { nämnd: c.report.nämnd.namn, antal: [...keys.map((v) => counts?.värden.get(v) ?? 0), ...(unknown ? [counts?.okända ?? 0] : [])], totalt: c.derived.antal.get(sr.nivå)?.totalt ?? 0 };
          });
          return {
            rubrik: sr.rubrik,
            kolumner: [...keys.map((v) => profile.value(srScale, v, kind).text), ...(unknown ? [SAKNAS_TEXT] : [])],
            rader,
            summa: { antal: rader[0]!.antal.map((_, i) => rader.reduce((a, r) => a + (r.antal[i] ?? 0), 0)), totalt: rader.reduce((a, r) => a + r.totalt, 0) },
          };
        })()
      : undefined;
  const cols = RESULT_COLUMNS.filter((c) => members.some((m) => resultValue(m, c) !== undefined));
  const labels: Record<string, string> = { utfall: 'Utfall', budget: 'Budget', budgetavvikelse: 'Budgetavvikelse', prognos: 'Årsprognos', prognosavvikelse: 'Avvikelse årsprognos' };
  const fmt = (d: Decimal | undefined) => (d === undefined ? '' : formatNumber(d, { decimals: 1 }));
  const drift = {
    kolumner: cols.map((c) => labels[c] ?? c),
    rader: members.map((m) => ({ nämnd: m.report.nämnd.namn, celler: cols.map((c) => fmt(resultValue(m, c)?.value)) })),
    // A total with a nämnd's figure missing would be wrong, not smaller: it is left empty.
    summa: cols.map((c) => (members.every((m) => resultValue(m, c)) ? fmt(members.reduce((sum, m) => sum.plus(resultValue(m, c)!.value), ZERO)) : '')),
  };
  // Goal assessments side by side: per summarised top node (by name), rows = nodes, columns = nämnder.
  const groups = new Map<string, KommunView['bedömningar'][number]>();
  members.forEach((m, mi) => {
    for (const s of m.derived.sammanställning) {
      const level = m.profile.level(s.levelKey);
      const key = s.rubrik;
      let g = groups.get(key);
      if (!g) {
        g = { id: `bedomningar-${groups.size + 1}`, rubrik: s.rubrik, nivå: level.namn, nämnder: members.map((x) => x.report.nämnd.förkortning), rader: [] };
        groups.set(key, g);
      }
      for (const row of s.rows) {
        let r = g.rader.find((x) => x.namn === row.namn);
        if (!r) {
          r = { namn: row.namn, celler: members.map(() => undefined) };
          g.rader.push(r);
        }
        r.celler[mi] = level.bedömning && row.bedömning ? (isSaknas(row.bedömning) ? SAKNAS_VIEW : m.profile.value(level.bedömning, row.bedömning, kind)) : undefined;
      }
    }
  });
  return {
    lang: 'sv',
    title: `${kom.kommun} – ${kom.rubrik}`,
    css,
    meta: { kommun: kom.kommun, titel: kom.rubrik, period: `${first.report.rapport.period.från}–${first.report.rapport.period.till}` },
    build,
    status,
    drift,
    bedömningar: [...groups.values()],
  };
}
