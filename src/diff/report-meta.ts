/** The report's own fields in the diff: type, number, period, status, dnr, section headings and order, the status table's printed counts. */
import type { Report } from '../schema/report.js';
import type { Collector } from './value-changes.js';

export function diffMeta(c: Collector, ra: Report, rb: Report) {
  const meta = (id: string, subject: string, a: unknown, b: unknown) =>
    c.plain({ group: 'Rapport', kind: 'meta', id, field: id, subject }, a, b);
  meta('rapport.typ', 'Rapporttyp', ra.rapport.typ, rb.rapport.typ);
  meta('rapport.nummer', 'Delårsrapportens nummer', ra.rapport.nummer, rb.rapport.nummer);
  meta('rapport.år', 'År', ra.rapport.år, rb.rapport.år);
  meta(
    'rapport.period',
    'Period',
    `${ra.rapport.period.från} – ${ra.rapport.period.till}`,
    `${rb.rapport.period.från} – ${rb.rapport.period.till}`,
  );
  meta('rapport.status', 'Arbetsstatus', ra.rapport.status, rb.rapport.status);
  meta('dnr', 'Diarienummer', ra.dnr, rb.dnr);
  meta('paragraf', 'Paragraf', ra.paragraf, rb.paragraf);
  meta('beslutsdatum', 'Beslutsdatum', ra.beslutsdatum, rb.beslutsdatum);
  meta('rapport.beteckning', 'Beteckning', ra.rapport.beteckning, rb.rapport.beteckning);
  // The sections: their order, headings and which symbols are explained.
  meta('ordning', 'Avsnittens ordning', ra.ordning?.join(', '), rb.ordning?.join(', '));
  meta('sammanfattningsrubrik', 'Sammanfattningens rubrik', ra.sammanfattningsrubrik, rb.sammanfattningsrubrik);
  for (const section of ['sammanställning', 'statusräkning', 'förklaring', 'personal', 'ekonomi', 'internkontroll'] as const) {
    meta(`${section}.rubrik`, `Rubriken för ${section}`, ra[section]?.rubrik, rb[section]?.rubrik);
  }
  const skalor = (r: Report) => {
    const list = r.förklaring?.skalor;
    return list === undefined ? undefined : list.length === 0 ? 'inga' : list.map((e) => (typeof e === 'string' ? e : e.skala)).join(', ');
  };
  meta('förklaring.skalor', 'Skalorna i Förklaring symboler', skalor(ra), skalor(rb));
  // The counts the status table prints.
  const counts = (r: Report) => r.statusräkning?.antal;
  for (const key of new Set([...Object.keys(counts(ra) ?? {}), ...Object.keys(counts(rb) ?? {})])) {
    c.plain({ group: 'Rapport', kind: 'meta', id: `statusräkning.antal.${key}`, field: key, subject: `Statusräkningens tryckta antal, ${key.replace(/_/g, ' ')}` }, counts(ra)?.[key], counts(rb)?.[key]);
  }
  meta('statusräkning.totalt', 'Statusräkningens tryckta totalt', ra.statusräkning?.totalt, rb.statusräkning?.totalt);
}
