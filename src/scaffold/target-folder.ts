/** What init and ny-period share: the period's dates checked, an empty target folder, YAML written formatted. */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatYamlSource } from '../fmt/format.js';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Both dates are real ÅÅÅÅ-MM-DD dates and the period does not end before it begins. */
export function validateDates(från: string, till: string): void {
  for (const d of [från, till]) {
    if (!DATE_RE.test(d) || Number.isNaN(Date.parse(d))) throw new Error(`ogiltigt datum "${d}": ange ÅÅÅÅ-MM-DD`);
  }
  if (från > till) throw new Error(`periodens början (${från}) ligger efter dess slut (${till})`);
}

/** The new report's folder: made when missing, refused when it is a file or holds anything. */
export function ensureEmptyTarget(target: string): void {
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new Error(`${target} finns redan och är ingen mapp`);
    if (readdirSync(target).length > 0) throw new Error(`mappen ${target} finns redan och är inte tom; välj en ny eller tom mapp`);
  }
  mkdirSync(target, { recursive: true });
}

/** A YAML file written as `rapport fmt` would format it; returns its path. */
export function writeYaml(target: string, name: string, text: string): string {
  const file = path.join(target, name);
  writeFileSync(file, formatYamlSource(text, name).formatted);
  return file;
}
