/** The old period's texts and assessments: kept when timeless, else left out, `uppgift saknas` or a placeholder («FYLL I: …»). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar } from 'yaml';
import { placeholder } from '../check/placeholders.js';
import { type Krav, SAKNAS } from '../schema/absent.js';
import type { Step } from './rollover-step.js';
import { type Obj, setProse, setScalar } from './rollover-yaml.js';

/** The text of a prose value: inline, or the Markdown file it names. */
function proseText(node: unknown, step: Step): string | undefined {
  if (isScalar(node) && typeof node.value === 'string') return node.value;
  if (isMap(node)) {
    const fil = (node as Obj).get('fil');
    if (typeof fil === 'string') {
      const file = path.join(step.source, fil);
      return existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
    }
  }
  return undefined;
}

/**
 * A text that does not belong to the old period: it cites no figure and names none of the years
 * around it ("Nämndens uppdrag" stays; "Händelser 2023" does not).
 */
function timeless(node: unknown, step: Step): boolean {
  const text = proseText(node, step);
  if (text === undefined || text.includes('{{')) return false;
  const years = [...text.matchAll(/(?<!\d)(19|20)\d{2}(?!\d)/g)].map((m) => Number(m[0]));
  return !years.some((y) => Math.abs(y - step.old.år) <= 1);
}

/**
 * A text of the old period. Left out when the report may leave it out; a text the report must have
 * becomes a placeholder. A Markdown file keeps the old text beside it as <namn>.föregående.md.
 */
export function clearProse(map: Obj, key: string, step: Step, required: false | string): void {
  const node = map.get(key, true);
  if (node === undefined) return;
  const fil = isMap(node) ? (node as Obj).get('fil') : undefined;
  if (typeof fil === 'string') {
    if (required) step.files.set(path.normalize(fil), 'placeholder');
    else {
      if (!step.files.has(path.normalize(fil))) step.files.set(path.normalize(fil), 'retire');
      map.delete(key);
    }
    return;
  }
  if (required) setProse(map, key, `${placeholder(required)}\n`);
  else map.delete(key);
}

/** A section's own text: kept when it is timeless, else cleared. */
export function keepOrClearProse(map: Obj, key: string, step: Step, required: false | string): void {
  const node = map.get(key, true);
  if (node === undefined || timeless(node, step)) return;
  clearProse(map, key, step, required);
}

/**
 * A period's assessment (status, bedömning, färdiggrad …) is not the next period's. The profile says
 * whether the report may write `uppgift saknas`. Where it requires a value (krävs) the format has no
 * way to say "not yet": as `rapport init` does, a placeholder stands in the field, check reports it
 * (the field is not a valid value) and the field is named in attFylla.
 */
export function clearAssessment(map: Obj, key: string, krav: Krav, what: string, step: Step, values?: string): void {
  if (!map.has(key)) return;
  if (krav === 'krävs') {
    setScalar(map, key, placeholder(`${key}${values ? ` (${values})` : ''}`));
    step.attFylla.push(what);
    return;
  }
  setScalar(map, key, SAKNAS);
  // A comment beside the old value ("symbolen förlorad") describes the old report.
  const node = map.get(key, true);
  if (isScalar(node)) node.comment = undefined;
}
