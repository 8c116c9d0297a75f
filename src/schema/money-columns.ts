/** What every money table shares: unit, display, column enums, own columns (and their check), row helpers and samma_som. */
import { z } from 'zod';
import { type TableKind, TeckenSchema } from './profile.js';
import { FIGURE_REF, id } from './fields.js';

export const Enhet = z.enum(['kr', 'tkr', 'mnkr']);
export const belopp = z.number().describe('Belopp i tabellens enhet; kostnader och utbetalningar negativa');

const visning = z
  .strictObject({
    enhet: Enhet.optional().describe('Visningsenhet (standard: tabellens enhet)'),
    decimaler: z.number().int().min(0).max(3).optional().describe('Decimaler (standard: 1 för mnkr, 0 för tkr och kr)'),
  })
  .default({})
  .describe('Hur den tryckta tabellen visar beloppen: enhet och decimaler; omräkningen är exakt');

/**
 * The columns a table can show: exactly the amounts its rows can hold. The description names the
 * table's kind, by which the profile's schema gives each column its headings (COLUMN_KIND_IN_DESCRIPTION).
 */
export function columnEnum<T extends Record<string, unknown>>(kind: TableKind, amounts: T) {
  return z
    .enum(Object.keys(amounts) as [Extract<keyof T, string>, ...Extract<keyof T, string>[]])
    .describe(`Kolumn i tabellslaget "${kind}"; rubriken och vilka kolumner som visas som standard anger profilen per rapporttyp (rapporttyper.<typ>.kolumner och .tabeller)`);
}

/** Finds the table kind in a column enum's description (see columnEnum). */
export const COLUMN_KIND_IN_DESCRIPTION = /^Kolumn i tabellslaget "([^"]+)"/;

export const COLUMN_KEY = /^[a-zåäö][a-zåäö0-9_]*$/;

/**
 * A column a table declares: one of its kind's own with the report's heading, or one of its own — an
 * amount (an earlier forecast, "Prognos maj"), a deviation between two amount columns, a number that
 * does not sum (a percentage, a year) or a text (a comment). Amount columns foot in summa rows.
 */
export const EgenKolumnSchema = z
  .strictObject({
    id: z.string().regex(COLUMN_KEY, 'kolumnens id skrivs med gemena bokstäver, siffror och _, t.ex. prognos_maj').describe('Nyckeln som raderna anger värdet under'),
    rubrik: z.string().min(1).optional().describe('Kolumnrubriken som den trycks (krävs för en egen kolumn)'),
    typ: z.enum(['belopp', 'tal', 'text']).optional().describe('belopp (standard): i tabellens enhet, summeras; tal: ett tal som inte summeras (procent, år); text'),
    avvikelse: z
      .tuple([z.string(), z.string()])
      .optional()
      .describe('Beräknas ur två beloppskolumner: [utfall, jämförelse], t.ex. [prognos, prognos_maj]; tecknet följer tabellens avvikelseregel'),
    enhet: z.string().min(1).optional().describe('Enhet för ett tal, t.ex. "%"'),
    decimaler: z.number().int().min(0).max(4).optional().describe('Decimaler för ett tal (standard: som värdena är skrivna)'),
  })
  .describe('En kolumn: id, rubrik och typ');
export type EgenKolumn = z.output<typeof EgenKolumnSchema>;

/** Fields every money table has: id, heading, unit, display, visible columns and their labels. */
export function moneyTableFields<K extends z.ZodEnum>(kolumn: K, rubrik: string) {
  return {
    id,
    rubrik: z.string().default(rubrik).describe(`Tabellens rubrik (standard: ${rubrik})`),
    underrubrik: z.string().optional().describe('Visas i tabellnoten, t.ex. "Projekt: Drift + driftprojekt. Belopp i mnkr"'),
    enhet: Enhet.describe('Enheten som beloppen är skrivna i: kr, tkr eller mnkr'),
    visning,
    kolumner: z
      .array(z.union([kolumn, EgenKolumnSchema]))
      .min(1)
      .optional()
      .describe('Kolumner som visas, i ordning: tabellslagets egna (t.ex. utfall) eller { id, rubrik, typ } (standard: profilens för rapporttypen och tabellslaget)'),
    rubriker: z.partialRecord(kolumn, z.string()).default({} as never).describe('Egna kolumnrubriker'),
    radrubrik: z.string().optional().describe('Rubrik för radnamnskolumnen, t.ex. "Område/stab" (standard: Konto, Enhet, Projekt eller Post)'),
    tecken: TeckenSchema.optional().describe('Tabellens teckenkonvention (standard: profilens för tabellslaget)'),
  };
}

/** Keys a row has besides its amounts: an own column may not take one of them. */
const ROW_FIELDS = new Set(['id', 'namn', 'roll', 'samma_som', 'varav', 'omfattar', 'förklaring', 'från', 'tecken']);

/**
 * A row accepts, besides its kind's amounts, the values of the table's own columns (checked by
 * ownColumns). The type stays the row's own: the own columns' values are read by key.
 */
export const withOwnColumns = <T extends z.ZodObject>(row: T): T => row.catchall(z.unknown()) as unknown as T;

/** The fields a row schema declares (besides the table's columns). */
export const fieldsOf = (row: z.ZodObject): ReadonlySet<string> => new Set(Object.keys(row.shape));

export type Row = Record<string, unknown>;

/**
 * The table's own columns are well declared, and its rows hold only declared keys with values of the
 * column's type. `known` are the kind's own amount columns; `rows` lists every row with its path.
 */
export function ownColumns<T extends { kolumner?: (string | EgenKolumn)[] }>(known: readonly string[], rows: (t: T) => { row: Row; path: (string | number)[]; fields: ReadonlySet<string> }[]) {
  return (t: T, ctx: z.RefinementCtx) => {
    const own = new Map<string, EgenKolumn>();
    const isAmount = (key: string) => known.includes(key) || (own.has(key) && (own.get(key)!.typ ?? 'belopp') === 'belopp');
    const issue = (path: (string | number)[], message: string, params: Record<string, unknown> = {}) => ctx.addIssue({ code: 'custom', path, message, params });
    (t.kolumner ?? []).forEach((k, i) => {
      if (typeof k === 'string') return;
      const at = ['kolumner', i];
      if (ROW_FIELDS.has(k.id)) issue([...at, 'id'], `"${k.id}" är ett fält i raderna och kan inte vara en kolumn`);
      else if (own.has(k.id)) issue([...at, 'id'], `kolumnen "${k.id}" står redan i kolumner`);
      else if (known.includes(k.id) && (k.typ !== undefined || k.avvikelse !== undefined)) issue([...at, 'id'], `"${k.id}" är en av tabellslagets kolumner; ange bara rubrik för den`);
      else if (!known.includes(k.id) && k.rubrik === undefined) issue([...at, 'id'], `den egna kolumnen "${k.id}" behöver en rubrik`);
      own.set(k.id, k);
    });
    // An own deviation is computed from amount columns; from other own deviations too, but never from itself.
    const deviationOf = (id: string) => own.get(id)?.avvikelse;
    const feedsItself = (start: string) => {
      const seen = new Set<string>();
      const stack = [...(deviationOf(start) ?? [])];
      while (stack.length > 0) {
        const next = stack.pop()!;
        if (next === start) return true;
        if (seen.has(next)) continue;
        seen.add(next);
        stack.push(...(deviationOf(next) ?? []));
      }
      return false;
    };
    (t.kolumner ?? []).forEach((k, i) => {
      if (typeof k === 'string' || k.avvikelse === undefined) return;
      if ((k.typ ?? 'belopp') !== 'belopp') issue(['kolumner', i, 'avvikelse'], 'en avvikelse är ett belopp; ta bort typ eller avvikelse');
      const amounts = [...new Set([...known, ...[...own.values()].filter((c) => (c.typ ?? 'belopp') === 'belopp').map((c) => c.id)])].filter((c) => c !== k.id);
      k.avvikelse.forEach((ref, j) => {
        if (!isAmount(ref)) issue(['kolumner', i, 'avvikelse', j], `"${ref}" är ingen beloppskolumn i tabellen (finns: ${amounts.join(', ')})`);
      });
      if (feedsItself(k.id)) issue(['kolumner', i, 'avvikelse'], `avvikelsen "${k.id}" räknas ur sig själv; den räknas ur andra beloppskolumner`);
    });
    for (const { row, path, fields } of rows(t)) {
      for (const [key, value] of Object.entries(row)) {
        if (known.includes(key) || fields.has(key)) continue;
        const col = own.get(key);
        if (!col) {
          issue([...path, key], `okänd nyckel "${key}"`, { okändNyckel: key, kända: [...fields, ...known, ...own.keys()] });
        } else if ((col.typ ?? 'belopp') === 'text' ? typeof value !== 'string' : typeof value !== 'number') {
          const want = col.typ === 'text' ? 'text' : 'ett tal';
          issue([...path, key], `förväntade ${want} i kolumnen ${col.rubrik ?? key}`, { kod: 'schema.typ' });
        }
      }
    }
  };
}

/** "Same fact" references per column: [rapportmapp:]id.kolumn. */
export const sammaSom = z
  .record(z.string(), z.string().regex(FIGURE_REF, 'skrivs [rapportmapp:]id.kolumn'))
  .optional()
  .describe('Belopp i raden som är samma fakta som ett belopp i en annan tabell eller rapport: kolumn → [rapportmapp:]id.kolumn');
