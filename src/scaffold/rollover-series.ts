/** Values per labelled period: indicator series, statistics tables' rows, and personal's sjukfrånvaro and nyckeltal. */
import { isMap, isScalar, isSeq, type Document, type Scalar } from 'yaml';
import { placeholder } from '../check/placeholders.js';
import { shiftPeriodLabel } from './rollover-period-labels.js';
import { continues, retitleScalar, type Step } from './rollover-step.js';
import { clearProse } from './rollover-texts.js';
import { attachComment, detached, mapAt, type Obj, seqItems, setScalar } from './rollover-yaml.js';

const NOT_YET = { typ: 'preliminärt_saknas', orsak: 'Utfall saknas ännu.' };

/**
 * A series of values per period (oldest first; the last is the report period's). The new report's
 * period is the last period's label moved to the new period: a period that continues is cleared and
 * kept, a new one is added, a period that is closed keeps its value.
 */
function rolloverSeries(doc: Document, utfall: unknown, step: Step): void {
  if (!isSeq(utfall)) return;
  const items = seqItems(utfall);
  const last = items.at(-1);
  if (!last) return;
  const lastPeriod = last.get('period');
  if (typeof lastPeriod !== 'string' && typeof lastPeriod !== 'number') return;
  const period = shiftPeriodLabel(lastPeriod, step.old, step.neu);
  const clear = (entry: Obj) => {
    for (const key of entry.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).filter((k) => k && k !== 'period')) entry.delete(key);
    entry.set('saknas', doc.createNode(NOT_YET));
  };
  if (continues(lastPeriod, step)) {
    // The same period, further on: its entry goes on with the new label and no value yet.
    clear(last);
    if (String(period) !== String(lastPeriod)) setScalar(last, 'period', period);
    return;
  }
  // A period already in the series (a lagged year within the same year) is closed: it keeps its value.
  if (items.some((i) => String(i.get('period')) === String(period))) return;
  utfall.add(doc.createNode({ period, saknas: NOT_YET }));
}

export function rolloverIndicator(doc: Document, ind: Obj, step: Step): void {
  clearProse(ind, 'analys', step, false);
  rolloverSeries(doc, ind.get('utfall', true), step);
  const uppdelning = mapAt(ind, 'uppdelning');
  if (uppdelning) for (const del of seqItems(uppdelning.get('delar', true))) rolloverSeries(doc, del.get('utfall', true), step);
}

export function rolloverStatisticsTables(doc: Document, owner: Obj, step: Step): void {
  for (const t of seqItems(owner.get('tabeller', true))) {
    retitleScalar(t, 'rubrik', step);
    clearProse(t, 'text', step, false);
    for (const row of seqItems(t.get('rader', true))) rolloverIndicator(doc, row, step);
  }
}

/**
 * Sjukfrånvaro and nyckeltal: one value per labelled period. The label moves to the new period; the
 * value goes with it only where another entry held that period (last year's R12 becomes "föregående
 * år"), or where the period is closed and unchanged. A nyckeltal must have a value, so one without
 * is left out, with a placeholder comment where it stood.
 */
export function rolloverPersonal(doc: Document, personal: Obj, step: Step): void {
  clearProse(personal, 'text', step, false);
  const anställda = personal.get('anställda', true);
  if (isMap(anställda)) {
    // Head counts are the period's; the format has no "not yet" for them: left out until known.
    personal.delete('anställda');
    attachComment(personal, 'sjukfrånvaro', placeholder('antal anställda per periodens slut (anställda: id, kvinnor, män)'));
  }
  const entries = (key: string, fields: string[]) => {
    const seq = personal.get(key, true);
    const items = seqItems(seq);
    const snapshot = items.map((e) => ({ period: e.get('period'), typ: e.get('typ'), values: Object.fromEntries(fields.map((f) => [f, e.get(f, true)])) }));
    const drop: Obj[] = [];
    items.forEach((e, i) => {
      const label = snapshot[i]!.period;
      if (typeof label !== 'string' && typeof label !== 'number') return;
      const moved = shiftPeriodLabel(label, step.old, step.neu);
      const from = snapshot.find((o, j) => j !== i && String(o.period) === String(moved) && o.typ === snapshot[i]!.typ);
      const keepOwn = String(moved) === String(label) && !continues(label, step);
      for (const f of fields) e.delete(f);
      const values = from?.values ?? (keepOwn ? snapshot[i]!.values : undefined);
      let any = false;
      for (const f of fields) {
        const v = values?.[f];
        if (isScalar(v)) {
          e.set(f, from ? detached(v.clone() as Scalar) : v);
          any = true;
        }
      }
      if (moved !== label) setScalar(e, 'period', moved);
      if (!any && key === 'nyckeltal') drop.push(e);
    });
    if (isSeq(seq) && drop.length > 0) {
      for (const e of drop) seq.items.splice(seq.items.indexOf(e), 1);
      const names = drop.map((e) => String(e.get('namn'))).join(', ');
      const note = placeholder(`nyckeltal för perioden: ${names}`);
      if (seq.items.length === 0) {
        personal.delete(key);
        personal.commentBefore = [personal.commentBefore, ` ${note}`].filter(Boolean).join('\n');
      } else seq.commentBefore = [seq.commentBefore, ` ${note}`].filter(Boolean).join('\n');
    }
  };
  entries('sjukfrånvaro', ['totalt', 'kvinnor', 'män']);
  entries('nyckeltal', ['värde']);
  rolloverStatisticsTables(doc, personal, step);
}
