/**
 * Counts a report prints are checked against the nodes they count, never overwritten: a status table
 * that says "13 klart, 1 försenat" is what the report says, and the tool proves it possible. Nodes
 * whose status the report does not state may be any value, so a printed count lies between the nodes
 * counted with that value and that number plus the nodes without a stated value.
 */
import type { Path } from '../load/yaml-file.js';
import { walkGoals } from '../model/goals.js';
import { stated } from '../schema/absent.js';
import type { CheckContext } from './context.js';
import { report } from './context.js';

export function checkStatedCounts(ctx: CheckContext): void {
  const sr = ctx.profile.data.målstruktur.statusräkning;
  const given = ctx.report.statusräkning;
  if (!given) return;
  if (!sr) {
    report(ctx, 'antal.angivet', 'error', 'profilen har ingen statusräkning (målstruktur.statusräkning), så rapportens statusräkning kan varken visas eller kontrolleras', ['statusräkning'], [], 'key');
    return;
  }
  const count = ctx.derived.antal.get(sr.nivå);
  const level = ctx.profile.level(sr.nivå);
  const scaleId = level.status;
  if (!count || !scaleId) return;
  const kind = ctx.report.rapport.typ;
  const nodes = walkGoals(ctx.report, ctx.profile).filter((g) => g.levelKey === sr.nivå);
  const noun = level.namn.toLowerCase();
  const base: Path = ['statusräkning'];
  const printed = given.antal;
  if (printed) {
    for (const key of Object.keys(printed)) {
      if (!count.värden.has(key)) {
        report(ctx, 'antal.angivet', 'error', `"${key}" är inget värde i skalan ${scaleId} (finns: ${[...count.värden.keys()].join(', ')})`, [...base, 'antal', key], [], 'key');
      }
    }
    for (const [value, counted] of count.värden) {
      const says = printed[value] ?? 0;
      if (says >= counted && says <= counted + count.okända) continue;
      const text = ctx.profile.value(scaleId, value, kind).text;
      const withValue = nodes.filter((g) => stated(g.node.status) === value);
      report(
        ctx,
        'antal.angivet',
        'error',
        `${text}: rapporten anger ${says}, men ${counted} har den statusen` +
          (count.okända > 0 ? ` och ${count.okända} saknar status (möjligt: ${counted}–${counted + count.okända})` : ''),
        printed[value] !== undefined ? [...base, 'antal', value] : [...base, 'antal'],
        withValue.map((g) => ({ message: g.node.namn, path: [...g.path, 'status'] })),
        printed[value] !== undefined ? 'value' : 'key',
      );
    }
    const sum = Object.values(printed).reduce((a, b) => a + b, 0);
    if (sum !== count.totalt) {
      report(ctx, 'antal.angivet', 'error', `antalen per status summerar till ${sum}, men det finns ${count.totalt} på nivån ${noun}`, [...base, 'antal'], [], 'key');
    }
  }
  if (given.totalt !== undefined && given.totalt !== count.totalt) {
    report(ctx, 'antal.angivet', 'error', `totalt: rapporten anger ${given.totalt}, men det finns ${count.totalt} på nivån ${noun}`, [...base, 'totalt']);
  }
}
