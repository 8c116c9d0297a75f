import { RR_BASE } from '../derive/economy.js';
import { RR_SUMMA_ROLLER } from '../schema/money-tables.js';
import { SECTION_NAMES } from '../schema/sections.js';
import { GENERATED_ID, RESERVED_IDS } from '../model/anchors.js';
import { Decimal, toDecimal, writtenDecimals } from '../format/decimal.js';
import { formatNumber } from '../format/number.js';
import type { Path } from '../load/yaml-file.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import { valueAt } from '../schema/validate-against.js';
import type { Indikator } from '../schema/indicators.js';
import { isDescendant, summaryOf, walkGoals } from '../model/goals.js';
import { anchorOf, placeChapters } from '../model/chapters.js';
import { orderSections, sectionsWithContent, slotName } from '../model/section-order.js';
import { parsePeriodLabel } from '../model/period-label.js';
import { seriesPoints } from '../derive/indicators.js';
import { stated } from '../schema/absent.js';
import type { CheckContext } from './context.js';
import { report } from './context.js';

/** Every id is unique within the report. */
export function checkUniqueIds(ctx: CheckContext): void {
  const seen = new Map<string, Path>();
  walk(ctx.report, [], (obj, path) => {
    const id = obj['id'];
    if (typeof id !== 'string') return;
    if (RESERVED_IDS.has(id) || GENERATED_ID.test(id)) {
      report(ctx, 'id.reserverat', 'error', `id "${id}" är reserverat av rapportens mallar; välj ett annat id`, [...path, 'id']);
    }
    const first = seen.get(id);
    if (first) {
      report(ctx, 'id.unik', 'error', `id "${id}" används redan; varje id måste vara unikt i rapporten`, [...path, 'id'], [{ message: 'först här', path: [...first, 'id'] }]);
    } else {
      seen.set(id, path);
    }
  });
}

/** All ids of the report, with their paths. */
export function collectIds(root: unknown): Map<string, Path> {
  const ids = new Map<string, Path>();
  walk(root, [], (obj, path) => {
    if (typeof obj['id'] === 'string' && !ids.has(obj['id'])) ids.set(obj['id'], path);
  });
  return ids;
}

function walk(node: unknown, path: Path, visit: (obj: Record<string, unknown>, path: Path) => void): void {
  // undantag name the ids of other entities; they define none. A table's column ids name a column
  // within that table only.
  if (path.length === 1 && path[0] === 'undantag') return;
  if (path[path.length - 1] === 'kolumner') return;
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, [...path, i], visit));
  } else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>, path);
    for (const [k, v] of Object.entries(node)) walk(v, [...path, k], visit);
  }
}

/** Internkontroll goals reference a node of the goal structure by id; sammandrag rows reference table rows. */
export function checkReferences(ctx: CheckContext): void {
  const goals = walkGoals(ctx.report, ctx.profile);
  const perspektiv = goals.filter((g) => g.depth === 0).map((g) => g.node.id);
  const rowIds = ctx.derived.tables.filter((t) => t.kind !== 'sammandrag').flatMap((t) => t.rows.map((r) => r.id));
  ctx.report.ekonomi.sammandrag?.rader.forEach((rad, ri) =>
    rad.från?.forEach((id, i) => {
      if (rowIds.includes(id)) return;
      const best = didYouMean(id, rowIds);
      report(ctx, 'ref.saknas', 'error', `raden "${id}" finns inte i rapportens tabeller${best ? `; menade du "${best}"?` : ''}`, ['ekonomi', 'sammandrag', 'rader', ri, 'från', i]);
    }),
  );
  for (const g of goals) {
    const summary = summaryOf(g.node);
    if (summary === undefined) continue;
    const target = summary.nivå;
    const refPath: Path = typeof g.node.sammanställning === 'string' ? [...g.path, 'sammanställning'] : [...g.path, 'sammanställning', 'nivå'];
    const below = levelsBelow(ctx, g.levelKey);
    if (!below.includes(target)) {
      const best = didYouMean(target, below);
      report(ctx, 'ref.saknas', 'error', `nivån "${target}" finns inte under ${g.level.namn.toLowerCase()}${best ? `; menade du "${best}"?` : ` (finns: ${below.join(', ')})`}`, refPath);
      continue;
    }
    // The printed order names nodes of that level below this node, each once.
    const candidates = goals.filter((d) => d.levelKey === target && isDescendant(d, g)).map((d) => d.node.id);
    const seenIds = new Set<string>();
    summary.ordning?.forEach((id, i) => {
      const at: Path = [...g.path, 'sammanställning', 'ordning', i];
      if (seenIds.has(id)) report(ctx, 'ref.saknas', 'error', `"${id}" står redan i sammanställningens ordning`, at);
      else if (!candidates.includes(id)) {
        const best = didYouMean(id, candidates.filter((c) => !summary.ordning!.includes(c)));
        report(ctx, 'ref.saknas', 'error', `"${id}" finns inte på nivån ${ctx.profile.level(target).namn.toLowerCase()} under ${g.node.namn}${best ? `; menade du "${best}"?` : ''}`, at);
      }
      seenIds.add(id);
    });
    // A node left out of the printed order is left out of the table: say so, quietly (a selection is allowed).
    if (summary.ordning) {
      const left = goals.filter((d) => d.levelKey === target && isDescendant(d, g) && !seenIds.has(d.node.id) && (d.node.bedömning !== undefined || d.node.trend !== undefined));
      if (left.length > 0) {
        report(ctx, 'ref.saknas', 'note', `sammanställningen för ${g.node.namn} tar inte med ${left.map((d) => d.node.namn).join(', ')} (de står inte i ordning)`, [...g.path, 'sammanställning', 'ordning'], [], 'key');
      }
    }
  }
  // Förklaring symboler: the scales and values the report picks exist in the profile.
  ctx.report.förklaring?.skalor?.forEach((e, i) => {
    const entry = typeof e === 'string' ? { skala: e } : e;
    const at: Path = typeof e === 'string' ? ['förklaring', 'skalor', i] : ['förklaring', 'skalor', i, 'skala'];
    const scales = Object.keys(ctx.profile.data.skalor);
    if (!ctx.profile.hasScale(entry.skala)) {
      const best = didYouMean(entry.skala, scales);
      report(ctx, 'ref.saknas', 'error', `skalan "${entry.skala}" finns inte i profilen${best ? `; menade du "${best}"?` : ` (finns: ${scales.join(', ')})`}`, at);
      return;
    }
    const values = ctx.profile.scaleKeys(entry.skala) ?? [];
    (typeof e === 'string' ? [] : (e.värden ?? [])).forEach((v, j) => {
      if (values.includes(v)) return;
      const best = didYouMean(v, values);
      report(ctx, 'ref.saknas', 'error', `"${v}" är inget värde i skalan ${entry.skala}${best ? `; menade du "${best}"?` : ` (finns: ${values.join(', ')})`}`, ['förklaring', 'skalor', i, 'värden', j]);
    });
  });
  ctx.report.internkontroll?.mål?.forEach((m, i) => {
    if (m.perspektiv !== undefined && !perspektiv.includes(m.perspektiv)) {
      const best = didYouMean(m.perspektiv, perspektiv);
      report(
        ctx,
        'ref.saknas',
        'error',
        `perspektivet "${m.perspektiv}" finns inte i målstrukturen${best ? `; menade du "${best}"?` : ` (finns: ${perspektiv.join(', ')})`}`,
        ['internkontroll', 'mål', i, 'perspektiv'],
      );
    }
  });
}

/** Period order, and comment dates inside the report period. */
export function checkDates(ctx: CheckContext): void {
  const { från, till } = ctx.report.rapport.period;
  const år = String(ctx.report.rapport.år);
  if (från > till) {
    report(ctx, 'period.ordning', 'error', `perioden börjar ${från}, efter sitt slut ${till}`, ['rapport', 'period', 'från']);
  }
  for (const [key, value] of [['från', från], ['till', till]] as const) {
    if (value.slice(0, 4) !== år) {
      report(ctx, 'period.ordning', 'error', `periodens ${key}-datum ${value} ligger inte i rapportåret ${år}`, ['rapport', 'period', key]);
    }
  }
  const beslut = ctx.report.beslutsdatum;
  if (beslut && beslut < till) {
    report(ctx, 'period.ordning', 'error', `beslutsdatum ${beslut} ligger före periodens slut ${till}`, ['beslutsdatum']);
  }
  const checkComment = (k: { datum?: string } | undefined, path: Path) => {
    const datum = stated(k?.datum);
    if (datum === undefined) return;
    if (datum < från || datum > till) {
      report(ctx, 'datum.period', 'error', `kommentarens datum ${datum} ligger utanför rapportperioden ${från}–${till}`, [...path, 'datum']);
    }
  };
  for (const g of walkGoals(ctx.report, ctx.profile)) checkComment(g.node.kommentar, [...g.path, 'kommentar']);
}

/** Level keys below a level (children, grandchildren, …). */
function levelsBelow(ctx: CheckContext, key: string): string[] {
  const out: string[] = [];
  const visit = (k: string) => {
    for (const c of ctx.profile.level(k).undernivåer) {
      if (out.includes(c)) continue;
      out.push(c);
      visit(c);
    }
  };
  visit(key);
  return out;
}

/** At most one row per summary role in the resultaträkning, and signs by role. */
export function checkResultatrakning(ctx: CheckContext): void {
  const rr = ctx.report.ekonomi.resultaträkning;
  if (!rr || !ctx.derived.rr) return;
  const rader = rr.rader;
  const negativeCosts = ctx.derived.rr.tecken.kostnader === 'negativa';
  const base: Path = ['ekonomi', 'resultaträkning', 'rader'];
  for (const role of RR_SUMMA_ROLLER) {
    const rows = rader.map((r, i) => [r, i] as const).filter(([r]) => r.roll === role);
    for (const [, i] of rows.slice(1)) {
      report(ctx, 'rr.roll', 'error', `resultaträkningen har redan en rad med rollen "${role}"`, [...base, i, 'roll'], [
        { message: 'första raden med rollen', path: [...base, rows[0]![1], 'roll'] },
      ]);
    }
  }
  rader.forEach((r, i) => {
    for (const c of RR_BASE) {
      const v = r[c];
      if (v === undefined) continue;
      const raw = ctx.sourceMap.raw([...base, i, c]);
      const shown = formatNumber(toDecimal(v, raw), { decimals: Math.max(0, writtenDecimals(v, raw)) });
      const income = r.roll === 'intäkt' || r.roll === 'summa_intäkter';
      const cost = r.roll === 'kostnad' || r.roll === 'summa_kostnader';
      // Costs negative (result sign): income positive. Costs positive (net cost sign): income negative.
      if (income && (negativeCosts ? v < 0 : v > 0)) {
        report(ctx, 'rr.tecken', 'warning', `${r.namn}: intäkter anges som ${negativeCosts ? 'positiva' : 'negativa'} belopp i tabellens teckenkonvention, men ${c} är ${shown}`, [...base, i, c]);
      }
      if (cost && (negativeCosts ? v > 0 : v < 0)) {
        report(ctx, 'rr.tecken', 'warning', `${r.namn}: kostnader anges som ${negativeCosts ? 'negativa' : 'positiva'} belopp i tabellens teckenkonvention, men ${c} är ${shown}`, [...base, i, c]);
      }
    }
  });
}

/** Every money table shows some columns: its own, or the profile's default for the report type. */
export function checkTableColumns(ctx: CheckContext): void {
  for (const t of ctx.derived.tables) {
    const path = tablePath(ctx, t.id);
    if (!path) continue;
    if (t.columns.length === 0) {
      report(ctx, 'tabell.kolumner', 'error', `tabellen "${t.id}" anger inga kolumner och profilen har ingen standard för ${t.kind} i en ${ctx.report.rapport.typ}; ange kolumner:`, [...path, 'id']);
      continue;
    }
    // A column without a heading would print its key ("budget_helår") in the published table.
    const listed = (valueAt(ctx.report, [...path, 'kolumner']) as unknown[] | undefined) !== undefined;
    t.columns.forEach((c, i) => {
      if (!c.rubrikSaknas) return;
      report(
        ctx,
        'tabell.kolumner',
        'error',
        `kolumnen ${c.key} har ingen rubrik: ange rubriker: { ${c.key}: … } i tabellen eller en rubrik för ${c.key} under rapporttyper.${ctx.report.rapport.typ}.kolumner i profilen`,
        listed ? [...path, 'kolumner', i] : [...path, 'id'],
      );
    });
  }
}

function tablePath(ctx: CheckContext, id: string): Path | undefined {
  const e = ctx.report.ekonomi;
  if (e.sammandrag?.id === id) return ['ekonomi', 'sammandrag'];
  if (e.resultaträkning?.id === id) return ['ekonomi', 'resultaträkning'];
  const d = (e.driftredovisning ?? []).findIndex((t) => t.id === id);
  if (d >= 0) return ['ekonomi', 'driftredovisning', d];
  const i = (e.investeringsredovisning ?? []).findIndex((t) => t.id === id);
  return i >= 0 ? ['ekonomi', 'investeringsredovisning', i] : undefined;
}

/** A project's forecast deviation needs the project budget it deviates from. */
export function checkInvestments(ctx: CheckContext): void {
  ctx.report.ekonomi.investeringsredovisning?.forEach((inv, ti) => {
    type InvRow = NonNullable<typeof inv.projekt>[number];
    const rows: [InvRow, Path][] = [
      ...(inv.grupper ?? []).flatMap((g, gi) => [
        ...g.projekt.map((p, pi): [InvRow, Path] => [p, ['grupper', gi, 'projekt', pi]]),
        ...(g.summa ? [[g.summa, ['grupper', gi, 'summa']] as [InvRow, Path]] : []),
      ]),
      ...(inv.projekt ?? []).map((p, pi): [InvRow, Path] => [p, ['projekt', pi]]),
      ...(inv.summa ? [[inv.summa, ['summa']] as [InvRow, Path]] : []),
    ];
    for (const [p, sub] of rows) {
      if (p.prognosavvikelse_projekt !== undefined && p.projektbudget === undefined) {
        report(
          ctx,
          'invest.projektbudget',
          'warning',
          `${p.namn}: prognosavvikelse för projektet (${formatNumber(new Decimal(String(p.prognosavvikelse_projekt)), { decimals: 1 })}) anges men total projektbudget saknas`,
          ['ekonomi', 'investeringsredovisning', ti, ...sub, 'prognosavvikelse_projekt'],
        );
      }
    }
  });
}


/** An indicator outcome is a value or a typed missing value, never both; periods are unique. */
export function checkIndicators(ctx: CheckContext): void {
  for (const ind of ctx.derived.indikatorer) {
    const seen = new Map<string, Path>();
    ind.points.forEach((point) => {
      const u = valueAt(ctx.report, point.path) as Indikator['utfall'][number] | undefined;
      const first = seen.get(point.period);
      if (first) {
        report(ctx, 'indikator.period', 'error', `${ind.namn}: perioden "${point.period}" finns redan; varje period får bara ett utfall`, [...point.path, 'period'], [
          { message: 'först här', path: [...first, 'period'] },
        ]);
      } else {
        seen.set(point.period, point.path);
      }
      if (u?.saknas) {
        const given = (['värde', 'täljare', 'nämnare', 'kvinnor', 'män'] as const).filter((k) => u[k] !== undefined);
        if (given.length > 0) {
          report(ctx, 'indikator.saknas', 'error', `${ind.namn} ${point.period}: ett saknat värde (${u.saknas.typ}) kan inte också ha ${given.join(', ')}`, [...point.path, 'saknas']);
        }
      }
      const zero = (['', 'kvinnor', 'män'] as const).find((k) => {
        const part = k === '' ? u : u?.[k];
        return typeof part === 'object' && part !== null && 'nämnare' in part && part.nämnare === 0;
      });
      if (zero !== undefined) {
        report(ctx, 'andel.kvot', 'error', `${ind.namn} ${point.period}: nämnaren är 0; andelen kan inte beräknas`, zero === '' ? [...point.path, 'nämnare'] : [...point.path, zero, 'nämnare']);
      }
      // A value for kvinnor or män alone is a value (a table by kön may print no total).
      if (!u?.saknas && point.total === undefined && point.kvinnor === undefined && point.män === undefined && u?.nämnare !== 0) {
        report(ctx, 'indikator.saknas', 'error', `${ind.namn} ${point.period}: utfallet saknar värde; ange värde, täljare/nämnare, kvinnor/män eller saknas med orsak`, point.path);
      }
    });
  }
}

/** Every free chapter can be placed: before or after a section, a top-level goal or another chapter. */
export function checkChapterPlacement(ctx: CheckContext): void {
  const roots = ctx.profile.rootKeys.flatMap((k) => ctx.report.mål[k] ?? []).map((n) => n.id);
  const placement = placeChapters(ctx.report.avsnitt, roots);
  for (const p of placement.problems) {
    report(ctx, 'avsnitt.placering', 'error', p.message, ['avsnitt', p.index, p.field]);
  }
  const order = orderSections(ctx.report.ordning, roots, sectionsWithContent(ctx.report, ctx.derived.tables.length));
  for (const p of order.problems) {
    report(ctx, 'avsnitt.ordning', 'error', p.message, p.index === undefined ? ['ordning'] : ['ordning', p.index]);
  }
  if (ctx.report.ordning === undefined || order.problems.length > 0) return;
  // A chapter placed beside a section that the ordning leaves out would have nowhere to stand.
  const printed = new Set(order.slots.map(slotName));
  const placeable = new Set<string>([...SECTION_NAMES, ...roots]);
  ctx.report.avsnitt.forEach((a, index) => {
    const { ref, field } = anchorOf(a);
    if (placeable.has(ref) && !printed.has(ref) && !placement.problems.some((p) => p.index === index)) {
      const where = field === 'placering' ? `placering: ${a.placering ?? 'inledning'} står efter "${ref}"` : `kapitlet står ${field} "${ref}"`;
      report(ctx, 'avsnitt.ordning', 'error', `${where}, som inte står i ordningen; lägg till "${ref}" i ordning eller placera kapitlet vid ett annat avsnitt`, ['avsnitt', index, field === 'placering' && a.placering === undefined ? 'id' : field]);
    }
  });
}

/**
 * Period labels that say where they start and end do so in order ("221101 tom 220815" ends before it
 * begins), and a personal figure has one value per period.
 */
export function checkPeriodLabels(ctx: CheckContext): void {
  const see = (label: string | number, path: Path) => {
    const span = parsePeriodLabel(label);
    if (span && span.till < span.från) {
      report(ctx, 'period.etikett', 'error', `perioden "${label}" slutar ${span.till}, före sin början ${span.från}`, path);
    }
  };
  for (const ind of ctx.derived.indikatorer) {
    for (const p of seriesPoints(ind)) see(p.period, [...p.path, 'period']);
    const source = valueAt(ctx.report, ind.path) as Indikator | undefined;
    if (Array.isArray(source?.mål)) source.mål.forEach((m, i) => see(m.period, [...ind.path, 'mål', i, 'period']));
  }
  const personal = ctx.report.personal;
  const seen = new Map<string, Path>();
  const once = (key: string, what: string, path: Path) => {
    const first = seen.get(key);
    if (first) report(ctx, 'period.dubbel', 'error', `${what} har redan ett värde; varje period anges en gång`, path, [{ message: 'först här', path: first }]);
    else seen.set(key, path);
  };
  personal?.sjukfrånvaro.forEach((s, i) => {
    const at: Path = ['personal', 'sjukfrånvaro', i, 'period'];
    see(s.period, at);
    once(`sjuk\u0000${s.period}\u0000${s.typ ?? ''}`, `sjukfrånvaron ${s.period}${s.typ ? ` (${s.typ})` : ''}`, at);
  });
  personal?.nyckeltal.forEach((n, i) => {
    const at: Path = ['personal', 'nyckeltal', i, 'period'];
    see(n.period, at);
    once(`nyckeltal\u0000${n.namn}\u0000${n.period}`, `${n.namn} ${n.period}`, at);
  });
}
