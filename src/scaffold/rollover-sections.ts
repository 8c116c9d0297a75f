/** The report's other sections in the new period: goals (mål), internkontroll, bilagor and avsnitt. */
import type { Document } from 'yaml';
import { clearAssessment, clearProse, keepOrClearProse } from './rollover-texts.js';
import { rolloverIndicator, rolloverStatisticsTables } from './rollover-series.js';
import { retitleScalar, type Step } from './rollover-step.js';
import { mapAt, type Obj, seqItems } from './rollover-yaml.js';

export function rolloverMal(doc: Document, mal: Obj, step: Step): void {
  const { profile } = step;
  const visit = (node: Obj, levelKey: string) => {
    const level = profile.level(levelKey);
    const label = `${level.namn} ${String(node.get('id'))}`;
    for (const field of ['bedömning', 'trend', 'status'] as const) {
      const scale = level[field];
      if (scale) clearAssessment(node, field, profile.requirement(levelKey, field), `${label}: ${field}`, step, profile.scaleKeys(scale)?.join(', '));
    }
    if (level.färdiggrad !== undefined) clearAssessment(node, 'färdiggrad', profile.requirement(levelKey, 'färdiggrad'), `${label}: färdiggrad`, step, 'procent');
    // The node's text and latest comment are the old period's account: absent until written.
    clearProse(node, 'text', step, false);
    const kommentar = mapAt(node, 'kommentar');
    if (kommentar) clearProse(kommentar, 'text', step, false);
    node.delete('kommentar');
    for (const ind of seqItems(node.get('indikatorer', true))) rolloverIndicator(doc, ind, step);
    rolloverStatisticsTables(doc, node, step);
    for (const child of level.undernivåer) for (const c of seqItems(node.get(child, true))) visit(c, child);
  };
  for (const root of profile.rootKeys) for (const n of seqItems(mal.get(root, true))) visit(n, root);
}

export function rolloverInternkontroll(ik: Obj, step: Step): void {
  const { profile } = step;
  retitleScalar(ik, 'rubrik', step);
  const mål = seqItems(ik.get('mål', true));
  clearProse(ik, 'text', step, mål.length > 0 ? false : 'Skriv texten om intern styrning och kontroll.');
  for (const m of mål) {
    for (const risk of seqItems(m.get('risker', true))) {
      const label = `risk ${String(risk.get('id'))}`;
      if (!step.sameYear) {
        // The risk analysis is the year's plan: a new year assesses the risks anew.
        for (const f of ['hantera', 'sannolikhet', 'konsekvens'] as const) clearAssessment(risk, f, profile.entityRequirement('risk', f), `${label}: ${f}`, step);
        risk.delete('riskvärde');
      }
      // The comment on a risk without kontrollmoment follows it up for the period ("uppföljning delår 2").
      clearProse(risk, 'kommentar', step, false);
      for (const km of seqItems(risk.get('kontrollmoment', true))) {
        clearAssessment(km, 'bedömning', profile.entityRequirement('kontrollmoment', 'bedömning'), `kontrollmoment ${String(km.get('id'))}: bedömning`, step);
        clearProse(km, 'resultat', step, false);
        clearProse(km, 'åtgärd', step, false);
      }
    }
  }
}

export function rolloverBilagor(bilagor: unknown, step: Step): void {
  const { profile } = step;
  for (const b of seqItems(bilagor)) {
    retitleScalar(b, 'rubrik', step);
    retitleScalar(b, 'underrubrik', step);
    for (const fo of seqItems(b.get('fokusområden', true))) {
      for (const a of seqItems(fo.get('aktiviteter', true))) {
        const label = `aktivitet ${String(a.get('id'))}`;
        clearAssessment(a, 'status', profile.entityRequirement('aktivitet', 'status'), `${label}: status`, step);
        clearAssessment(a, 'färdiggrad', profile.entityRequirement('aktivitet', 'färdiggrad'), `${label}: färdiggrad`, step);
        clearProse(a, 'kommentar', step, false);
      }
    }
  }
}

export function rolloverAvsnitt(doc: Document, avsnitt: unknown, step: Step): void {
  for (const a of seqItems(avsnitt)) {
    retitleScalar(a, 'rubrik', step);
    const under = seqItems(a.get('underavsnitt', true));
    const required = under.length === 0 && !a.has('tabeller') ? 'Skriv kapitlets text.' : false;
    keepOrClearProse(a, 'text', step, required);
    for (const u of under) keepOrClearProse(u, 'text', step, 'Skriv texten.');
    rolloverStatisticsTables(doc, a, step);
  }
}
