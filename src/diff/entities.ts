/** Entities by id: every object of a report with an `id`, its kind's label and group in the diff, its name. */
import type { Profile } from '../profile/profile.js';
import type { Report } from '../schema/report.js';

export interface Entity {
  key: string;
  id: string;
  /** Array or object key the entity sits under (its kind), e.g. "åtaganden". */
  container: string;
  node: Record<string, unknown>;
  parentKey?: string;
}

/** Short labels for the diff's lines; a goal level not listed here is labelled with its name in the profile. */
const KIND: Record<string, { label: string; group: string }> = {
  perspektiv: { label: 'Perspektiv', group: 'Mål och åtaganden' },
  processområden: { label: 'Processområde', group: 'Mål och åtaganden' },
  huvudprocesser: { label: 'Huvudprocess', group: 'Mål och åtaganden' },
  processmål: { label: 'Processmål', group: 'Mål och åtaganden' },
  åtaganden: { label: 'Åtagande', group: 'Mål och åtaganden' },
  indikatorer: { label: 'Indikator', group: 'Indikatorer' },
  resultaträkning: { label: 'Resultaträkning', group: 'Ekonomi' },
  driftredovisning: { label: 'Driftredovisning', group: 'Ekonomi' },
  investeringsredovisning: { label: 'Investeringsredovisning', group: 'Ekonomi' },
  rader: { label: 'Rad', group: 'Ekonomi' },
  enheter: { label: 'Enhet', group: 'Ekonomi' },
  summa: { label: 'Summarad', group: 'Ekonomi' },
  grupper: { label: 'Grupp', group: 'Ekonomi' },
  projekt: { label: 'Projekt', group: 'Ekonomi' },
  mål: { label: 'Mål', group: 'Intern kontroll' },
  risker: { label: 'Risk', group: 'Intern kontroll' },
  kontrollmoment: { label: 'Kontrollmoment', group: 'Intern kontroll' },
  anställda: { label: 'Anställda', group: 'Personal' },
  sjukfrånvaro: { label: 'Sjukfrånvaro', group: 'Personal' },
  nyckeltal: { label: 'Nyckeltal', group: 'Personal' },
  bilagor: { label: 'Bilaga', group: 'Bilagor' },
  fokusområden: { label: 'Fokusområde', group: 'Bilagor' },
  aktiviteter: { label: 'Aktivitet', group: 'Bilagor' },
};

export type Kinds = (container: string) => { label: string; group: string };

/** Entity kinds for a report: the short labels above, else the profile's goal level by its name. */
export function kindsFor(profile: Profile): Kinds {
  return (container) => {
    if (KIND[container]) return KIND[container];
    const level = profile.data.målstruktur.nivåer[container];
    return level ? { label: level.namn, group: 'Mål och åtaganden' } : { label: container, group: 'Övrigt' };
  };
}
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every object with a string `id`, keyed by container and id (ids are unique per report). */
export function entities(report: Report): Map<string, Entity> {
  const out = new Map<string, Entity>();
  const walk = (node: unknown, container: string, parentKey: string | undefined) => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, container, parentKey);
      return;
    }
    if (!isObject(node)) return;
    let here = parentKey;
    if (typeof node['id'] === 'string' && container !== '') {
      const key = `${container}:${node['id']}`;
      out.set(key, { key, id: node['id'], container, node, parentKey });
      here = key;
    }
    for (const [k, v] of Object.entries(node)) if (typeof v === 'object') walk(v, k, here);
  };
  walk(report, '', undefined);
  return out;
}

export function entityName(node: Record<string, unknown>): { field: string; value: string } | undefined {
  for (const field of ['namn', 'titel', 'text', 'risk', 'rubrik']) {
    const v = node[field];
    if (typeof v === 'string') return { field, value: v };
  }
  return undefined;
}

export const short = (text: string, max = 80) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
};

export const entityLabel = (e: Entity, kinds: Kinds) => `${kinds(e.container).label} ${e.id}`;
