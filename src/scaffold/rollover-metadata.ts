/** The report's metadata in the new period: rapport (typ, nummer, år, period, lagstadgad), the decision, and the summaries. */
import { isScalar, isSeq } from 'yaml';
import { placeholder } from '../check/placeholders.js';
import { monthOf, type Period } from './rollover-period-labels.js';
import { retitle, retitleScalar, type Step } from './rollover-step.js';
import { clearProse, keepOrClearProse } from './rollover-texts.js';
import { mapAt, type Obj, seqItems, setScalar } from './rollover-yaml.js';

/** Months from 1 January covered by a period ending `till` (a partial last month as a fraction). */
function monthsCovered(till: string): number {
  const y = Number(till.slice(0, 4));
  const m = monthOf(till);
  const d = Number(till.slice(8, 10));
  return m - 1 + d / new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Whether a delårsrapport's period can be the statutory one (LKBR 13 kap. 1 §: from 1 January, ½–⅔ of the year). */
function canBeStatutory(p: Pick<Period, 'från' | 'till'>): boolean {
  const months = monthsCovered(p.till);
  return p.från.slice(5) === '01-01' && months >= 6 - 1e-9 && months <= 8 + 1e-9;
}

export function rolloverMeta(root: Obj, step: Step): void {
  const { neu, old } = step;
  const rapport = mapAt(root, 'rapport');
  if (rapport) {
    setScalar(rapport, 'typ', neu.typ);
    if (neu.nummer === undefined) rapport.delete('nummer');
    else setScalar(rapport, 'nummer', neu.nummer);
    setScalar(rapport, 'år', neu.år);
    const period = mapAt(rapport, 'period');
    if (period) {
      setScalar(period, 'från', neu.från);
      setScalar(period, 'till', neu.till);
    } else rapport.set('period', { från: neu.från, till: neu.till });
    // The old report's work status is not the new one's, and no status is invented for it.
    rapport.delete('status');
    // lagstadgad: a verksamhetsberättelse is the statutory account of the year; `false` never carries
    // into a report that is statutory. The same delårsrapport of another year keeps what it was.
    const samePeriod = old.typ === neu.typ && old.från.slice(5) === neu.från.slice(5) && old.till.slice(5) === neu.till.slice(5);
    if (neu.typ === 'verksamhetsberättelse') rapport.delete('lagstadgad');
    else if (!samePeriod) {
      if (canBeStatutory(neu)) {
        if (rapport.get('lagstadgad') === false) rapport.delete('lagstadgad');
      } else setScalar(rapport, 'lagstadgad', false);
    }
  }
  // The decision and its register number belong to the old report.
  for (const key of ['paragraf', 'beslutsdatum', 'beslut', 'yrkanden']) root.delete(key);
  if (root.has('dnr')) setScalar(root, 'dnr', placeholder('diarienummer'));
  for (const key of ['förslag_till_beslut', 'beslutshandlingar']) {
    const seq = root.get(key, true);
    if (isSeq(seq)) seq.items.forEach((item, i) => {
      if (isScalar(item) && typeof item.value === 'string') {
        const text = retitle(item.value, step);
        if (text !== item.value) seq.set(i, text);
      }
    });
  }
  for (const item of seqItems(root.get('ärendebeskrivning', true))) clearProse(item, 'text', step, 'Skriv ärendebeskrivningen.');
  clearProse(root, 'sammanfattning', step, 'Skriv sammanfattningen.');
  for (const key of ['sammanställning', 'statusräkning', 'förklaring']) {
    const section = mapAt(root, key);
    if (!section) continue;
    retitleScalar(section, 'rubrik', step);
    keepOrClearProse(section, 'text', step, false);
  }
  // The counts the old report printed are not the new period's: the new report states its own or counts its nodes.
  const statusräkning = mapAt(root, 'statusräkning');
  if (statusräkning) {
    statusräkning.delete('antal');
    statusräkning.delete('totalt');
  }
}
