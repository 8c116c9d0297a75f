/** Where goals, activities, risks, staff and other entities are compared: added, removed, renamed, and their fields and scales. */
import { isSaknas, SAKNAS_TEXT } from '../schema/absent.js';
import type { CompiledReport } from '../pipeline/compile.js';
import { entities, type Entity, entityLabel, entityName, kindsFor, short } from './entities.js';
import { type Collector, dec, figure } from './value-changes.js';

/** Entities added or removed (the outermost only), renamed, and the changed fields of those in both; returns the keys of the added and removed ones. */
export function diffEntities(c: Collector, a: CompiledReport, b: CompiledReport): Set<string> {
  const kinds = kindsFor(b.profile);
  const ea = entities(a.report);
  const eb = entities(b.report);
  const addedOrRemoved = new Set<string>();
  // Added / removed: list the outermost entity only, not everything inside it.
  for (const [own, other, change] of [
    [eb, ea, 'tillagd'],
    [ea, eb, 'borttagen'],
  ] as const) {
    for (const e of own.values()) {
      if (other.has(e.key)) continue;
      addedOrRemoved.add(e.key);
      if (e.parentKey && !other.has(e.parentKey)) continue;
      const name = entityName(e.node);
      c.add({
        group: kinds(e.container).group,
        change,
        kind: kinds(e.container).label.toLowerCase(),
        id: e.id,
        subject: entityLabel(e, kinds),
        note: `${change === 'tillagd' ? 'har lagts till' : 'har tagits bort'}${name ? `: ${short(name.value)}` : ''}`,
      });
    }
  }

  // Renamed and changed fields of entities present in both.
  for (const eB of eb.values()) {
    const eA = ea.get(eB.key);
    if (!eA) continue;
    const na = entityName(eA.node);
    const nb = entityName(eB.node);
    if (na && nb && na.field === nb.field && na.value !== nb.value) {
      c.add({
        group: kinds(eB.container).group,
        change: 'namn',
        kind: kinds(eB.container).label.toLowerCase(),
        id: eB.id,
        field: nb.field,
        subject: entityLabel(eB, kinds),
        detail: nb.field,
        from: `”${short(na.value)}”`,
        to: `”${short(nb.value)}”`,
      });
    }
    diffEntityFields(c, eA, eB, a, b);
  }
  return addedOrRemoved;
}

function diffEntityFields(c: Collector, eA: Entity, eB: Entity, a: CompiledReport, b: CompiledReport) {
  const A = eA.node;
  const B = eB.node;
  const kinds = kindsFor(b.profile);
  const group = kinds(eB.container).group;
  const kind = kinds(eB.container).label.toLowerCase();
  const label = entityLabel(eB, kinds);
  const base = (field: string, subject = label, detail: string | undefined = field) => ({ group, kind, id: eB.id, field, subject, detail });
  // A goal node: the fields and scales its level has in the profile.
  const level = b.profile.data.målstruktur.nivåer[eB.container];
  if (level) {
    for (const field of ['bedömning', 'trend', 'status'] as const) {
      const scale = level[field];
      if (scale) c.scale(group, kind, eB.id, label, field, scale, A[field], B[field], a, b);
    }
    if (level.färdiggrad !== undefined) c.figure({ ...base('färdiggrad'), unit: '%' }, A['färdiggrad'], B['färdiggrad'], 0);
    return;
  }
  switch (eB.container) {
    case 'aktiviteter':
      c.scale(group, kind, eB.id, label, 'status', 'aktivitet', A['status'], B['status'], a, b);
      c.figure({ ...base('färdiggrad'), unit: '%' }, A['färdiggrad'], B['färdiggrad'], 0);
      break;
    case 'kontrollmoment':
      c.scale(group, kind, eB.id, label, 'bedömning', 'kontroll', A['bedömning'], B['bedömning'], a, b);
      break;
    case 'risker': {
      c.figure(base('sannolikhet'), A['sannolikhet'], B['sannolikhet'], 0);
      c.figure(base('konsekvens'), A['konsekvens'], B['konsekvens'], 0);
      const yesNo = (v: unknown) => (v === false ? 'Nej' : v === true ? 'Ja' : isSaknas(v) ? SAKNAS_TEXT : '–');
      c.plain(base('hantera'), yesNo(A['hantera']), yesNo(B['hantera']));
      // Riskvärde: effective = stated ?? sannolikhet × konsekvens.
      const statedA = dec(A['riskvärde']);
      const statedB = dec(B['riskvärde']);
      const compA = a.derived.riskvärden.get(eA.id);
      const compB = b.derived.riskvärden.get(eB.id);
      figure(c, base('riskvärde'), { stated: statedA, computed: compA }, { stated: statedB, computed: compB }, 0);
      break;
    }
    case 'anställda': {
      c.number(base('kvinnor'), dec(A['kvinnor']), dec(B['kvinnor']), 0);
      c.number(base('män'), dec(A['män']), dec(B['män']), 0);
      const sum = (n: Record<string, unknown>) => dec(n['kvinnor'])?.plus(dec(n['män']) ?? 0);
      figure(c, base('totalt'), { stated: dec(A['totalt']), computed: sum(A) }, { stated: dec(B['totalt']), computed: sum(B) }, 0);
      break;
    }
    case 'sjukfrånvaro':
      for (const f of ['totalt', 'kvinnor', 'män']) {
        const va = dec(A[f]);
        const vb = dec(B[f]);
        c.number({ ...base(f, `${label} (${String(B['period'])})`), unit: '%' }, va, vb, 1);
      }
      c.plain(base('period'), A['period'], B['period']);
      break;
    case 'nyckeltal': {
      const na = a.derived.nyckeltal.get(eA.id);
      const nb = b.derived.nyckeltal.get(eB.id);
      c.number({ ...base('värde', `${label} (${String(B['period'])})`, undefined), unit: nb?.unit }, na?.value, nb?.value, nb?.decimals ?? 0);
      c.plain(base('period'), A['period'], B['period']);
      break;
    }
    default:
      break;
  }
}
