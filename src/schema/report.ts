/**
 * The report format, v1: one Zod schema per entity. The merged report (all YAML files of a
 * report folder) must satisfy `ReportSchema`; a single file satisfies `FragmentSchema`.
 *
 * Keys are Swedish domain words. Every entity that diffs, references and roll-ups key on has an `id`.
 * Money values are plain YAML numbers in the unit the table declares (`enhet`); the tool does all
 * arithmetic in exact decimals (see src/format/decimal.ts).
 */
import { z } from 'zod';
import { type Krav, SAKNAS, type Saknas, withKrav } from './absent.js';
import { ENTITY_KRAV, type KravEntity, type NodeKravField, type TableKind, TeckenSchema } from './profile.js';

export const ID_PATTERN = /^[a-z0-9åäö][a-z0-9åäö-]*$/;

const id = z
  .string()
  .regex(ID_PATTERN, 'id får bara innehålla a–z, å, ä, ö, siffror och bindestreck och måste börja med bokstav eller siffra')
  .describe('Stabilt id, unikt i rapporten. Diffar, referenser och sammanställningar nycklar på det.');

const date = z.iso.date().describe('Datum, ÅÅÅÅ-MM-DD');

/**
 * A field under a requirement (withKrav) with its description on the field itself: a value that may
 * also be "uppgift saknas" is a union, and the editor shows the description of the field, not of a member.
 */
const kravField = <T extends z.ZodType>(schema: T, krav: Krav, description: string) => withKrav(schema, krav).describe(description);

/** Prose is Markdown, inline as a block scalar or in a file beside the YAML. */
export const ProseSchema = z
  .union([
    z.string(),
    z.strictObject({
      fil: z.string().describe('Markdown-fil, relativt rapportmappen'),
    }),
  ])
  .describe('Text i Markdown. Siffror ur rapporten citeras med {{belopp id.kolumn}}, {{värde id.fält}} och {{antal åtaganden.status}}.');

/** The latest comment on a goal node; whether its date must be given is the level's krav for kommentar.datum. */
const kommentarSchema = (datumKrav: Krav) =>
  z
    .strictObject({
      datum: kravField(date, datumKrav, 'Datum för senaste kommentar, ÅÅÅÅ-MM-DD; ska ligga inom rapportperioden'),
      text: ProseSchema,
    })
    .describe('Senaste kommentar (datum) med text');
const kommentar = kommentarSchema('valfritt');

/** A generated section's own heading and introduction, when the report gives them. */
const sectionText = {
  rubrik: z.string().min(1).optional().describe('Avsnittets rubrik (standard: mallens)'),
  text: ProseSchema.optional().describe('Inledande text före avsnittets tabeller'),
};

/** The generated sections a free chapter (avsnitt) can be placed before or after. */
export const SECTION_NAMES = ['sammanfattning', 'sammanställning', 'statusräkning', 'förklaring', 'personal', 'ekonomi', 'internkontroll', 'bilagor'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/** A value of the report, or the words "uppgift saknas" when the report does not state it. */
const orSaknas = <T extends z.ZodType>(schema: T) => z.union([schema, z.literal(SAKNAS)]);

// ---------------------------------------------------------------------------------------------
// Scales live in the organisation profile (src/profile); a report's values are checked against it.
// The static schema (JSON Schema for editors, types) accepts any key; buildReportSchema narrows it.

const scaleKey = z.string().regex(/^[a-zåäö][a-zåäö0-9_]*$/, 'ett skalvärde skrivs med gemena bokstäver, siffror och _');
const scaleOrSaknas = orSaknas(scaleKey);

// ---------------------------------------------------------------------------------------------
// References to a figure elsewhere: "[rapportmapp:]id.fält", the same addresses prose cites.

export const FIGURE_REF = /^([a-z0-9åäö][a-z0-9åäö-]*:)?[a-z0-9åäö][a-z0-9åäö-]*\.[a-zåäö_][a-zåäö0-9_]*$/;
const FIGURE_REF_MESSAGE = 'skrivs [rapportmapp:]id.fält';

// ---------------------------------------------------------------------------------------------
// Indicators

const tal = z.number();
const andel = z
  .strictObject({ täljare: z.number().describe('Andelens täljare'), nämnare: z.number().describe('Andelens nämnare (inte 0)') })
  .describe('Andel som täljare/nämnare; procenten beräknas');
const delvarde = z.union([tal, andel]);

export const SaknasSchema = z.strictObject({
  typ: z
    .enum(['saknas', 'ej_tillämpligt', 'sekretess', 'preliminärt_saknas'])
    .default('saknas')
    .describe('Varför värdet saknas: saknas (standard), ej_tillämpligt (inte tillämplig för perioden), sekretess eller preliminärt_saknas (värdet kommer senare)'),
  orsak: z.string().describe('Visas i stället för värdet, t.ex. "Utfall saknas, kommer redovisas vid helårsuppföljningen"'),
});

export const IndikatorUtfallSchema = z
  .strictObject({
    period: z.union([z.string(), z.number()]).describe('Periodens etikett, t.ex. 2023, "Delår 2 2023" eller "jun 2022–maj 2023"'),
    värde: tal.optional().describe('Totalt värde (i indikatorns enhet)'),
    täljare: z.number().optional().describe('Täljare när värdet är en andel; procenten beräknas som täljare / nämnare × 100'),
    nämnare: z.number().optional().describe('Nämnare när värdet är en andel (inte 0); anges också värde kontrolleras det'),
    kvinnor: delvarde.optional().describe('Värdet för kvinnor: ett tal eller { täljare, nämnare }'),
    män: delvarde.optional().describe('Värdet för män: ett tal eller { täljare, nämnare }'),
    saknas: SaknasSchema.optional().describe('Typat saknat värde i stället för värde: { typ, orsak }'),
    preliminärt: z.boolean().optional().describe('Värdet är preliminärt (visas med en markering)'),
    not: z.string().optional().describe('En not till värdet; visas som fotnot under tabellen (markeringen * i cellen)'),
    måluppfyllelse: z
      .enum(['nått', 'delvis', 'ej_nått'])
      .optional()
      .describe('Det rapporten säger om måluppfyllelsen ("Målet nått"); kontrolleras mot målvärdet'),
    samma_som: z
      .partialRecord(z.enum(['värde', 'kvinnor', 'män', 'täljare', 'nämnare']), z.string().regex(FIGURE_REF, FIGURE_REF_MESSAGE))
      .optional()
      .describe('Värden som är samma fakta som ett värde på ett annat ställe: fält → [rapportmapp:]id.fält (samma period)'),
  })
  .describe('Ett utfall: värde, täljare/nämnare, uppdelning på kön eller ett typat saknat värde');

const målvärde = z
  .strictObject({
    riktning: z
      .enum(['minst', 'högst', 'över', 'under', 'inom'])
      .optional()
      .describe('minst: målet nås vid värdet eller högre; högst: vid värdet eller lägre; över/under: strikt; inom: när värdet ligger inom ± målvärdet (t.ex. en avvikelse inom ±1 %). Standard: indikatorns riktning (högre → minst, lägre → högst)'),
    värde: z.number().optional().describe('Målnivån i indikatorns enhet'),
    text: z.string().min(1).optional().describe('Målet som det trycks när det inte är ett tal eller skrivs annorlunda, t.ex. "Öka", "Minst 64 %" eller "Mindre än 2"'),
  })
  .refine((m) => m.värde !== undefined || m.text !== undefined, { message: 'ett målvärde har ett värde, en text eller båda' });

/** Where an indicator's figures come from; shown as attribution beside the indicator. */
export const KallaSchema = z.union([
  z.string().describe('Källan i klartext (egen mätning)'),
  z.strictObject({ kolada: z.string().regex(/^[NU]\d{5}$/, 'ett Kolada-nyckeltal skrivs N eller U och fem siffror, t.ex. N00900').describe('Kolada-nyckeltalets id') }),
  z.strictObject({ scb: z.string().min(1).describe('SCB-statistikens namn, t.ex. "Befolkningsstatistik"') }),
  z.strictObject({ egen: z.string().min(1).describe('Egen mätning, t.ex. "Medarbetarenkät"') }),
]);

/** An indicator (or a personal key figure) with the requirements the profile sets for riktning and enhet. */
export function indikatorSchema(krav: { riktning: Krav; enhet: Krav } = ENTITY_KRAV.indikator) {
  return z.strictObject({
    id,
    namn: z.string().describe('Indikatorns namn som det trycks, t.ex. "Andel elever med gymnasieexamen inom 4 år"'),
    enhet: kravField(z.string(), krav.enhet, 'Enhet, t.ex. "%", "antal", "poäng (1–10)", "kg CO₂e/kg"; skrivs inom parentes efter namnet'),
    decimaler: z.number().int().min(0).max(4).optional().describe('Antal decimaler vid visning (standard: som värdena är skrivna)'),
    riktning: kravField(z.enum(['högre', 'lägre']), krav.riktning, 'Vilket håll som är bättre: högre eller lägre (standard: målets riktning)'),
    mått: z
      .enum(['antal', 'andel', 'medelvärde', 'annat'])
      .optional()
      .describe('Vad värdet är: antal (kvinnor + män = totalt), andel eller medelvärde (totalt ligger mellan kvinnor och män). Standard: andel när enheten innehåller %, antal när den börjar med antal, st eller personer, annars annat'),
    mål: z
      .union([
        målvärde.describe('Målvärde för rapportperioden'),
        z
          .array(målvärde.safeExtend({ period: z.union([z.string(), z.number()]).describe('Perioden som målet gäller, skriven som i utfall, t.ex. 2024') }))
          .min(1)
          .describe('Målvärde per period, även perioder utan utfall (t.ex. nästa års mål)'),
      ])
      .optional()
      .describe('Målvärde för rapportperioden, eller en lista med ett målvärde per period'),
    källa: KallaSchema.optional().describe('Varifrån siffrorna kommer: fri text, { kolada: N00914 }, { scb: … } eller { egen: … }'),
    analys: ProseSchema.optional().describe('Bedömning eller analys av indikatorn; visas under indikatorn i tabellen'),
    diagram: z.enum(['linje', 'stapel', 'inget']).optional().describe('Diagramtyp (standard: linje när minst tre perioder har värden)'),
    uppdelning: z
      .strictObject({
        dimension: z.string().describe('T.ex. "område" eller "enhet"'),
        delar: z
          .array(
            z.strictObject({
              id,
              namn: z.string().describe('Delens namn, t.ex. "Skäggetorp"'),
              utfall: z.array(IndikatorUtfallSchema).min(1).describe('Delens utfall, äldst först'),
            }),
          )
          .min(1)
          .describe('Delarna; var och en står som rad under indikatorn'),
      })
      .optional()
      .describe('Utfall per del av en namngiven dimension'),
    utfall: z.array(IndikatorUtfallSchema).min(1).describe('Äldst först; sista posten är rapportperiodens utfall'),
  });
}

export const IndikatorSchema = indikatorSchema();

// ---------------------------------------------------------------------------------------------
// Goals: a tree whose levels the profile declares (målstruktur). Every node has the same fields;
// the profile decides which a level may or must have and under which keys its children stand.

/** Which level below a node its summary table shows, and optionally the rows in the printed order. */
const sammanställningRef = z
  .union([
    z.string().describe('Nivå under noden vars bedömningar sammanställs'),
    z.strictObject({
      nivå: z.string().describe('Nivå under noden vars bedömningar sammanställs'),
      ordning: z.array(z.string()).min(1).optional().describe('Radernas id i den ordning tabellen trycker dem (standard: dokumentordning)'),
      rubrik: z.string().optional().describe('Tabellens rubrik (standard: nodens namn)'),
    }),
  ])
  .describe('Sammanställningen av nivån under noden');
export type SammanställningRef = z.output<typeof sammanställningRef>;

const INDIKATORER_DESCRIPTION = 'Indikatorer som följer upp målet, var och en med utfall per period och eventuellt målvärde';

/** Fields of a goal node besides its children. */
export const goalNodeFields = (indikatorer: z.ZodType = z.array(IndikatorSchema)) => ({
  id,
  namn: z.string().describe('Nodens namn eller text (för ett åtagande: texten utan ansvarslistan)'),
  rubrik: z.string().min(1).optional().describe('Rubriken som rapporten trycker för noden, när den skiljer sig från nivåns rubrikmall (t.ex. "Processområde Utbildning")'),
  beskrivning: z.string().optional().describe('En mening under namnet, t.ex. målets inriktning'),
  text: ProseSchema.optional(),
  kommentar: kommentar.optional(),
  ursprung: z.string().optional().describe('Varifrån noden kommer, t.ex. "Kvarstår från Budget 2021 med plan för 2022–2024"'),
  bedömning: scaleOrSaknas.optional().describe('Nodens bedömning: ett värde i nivåns skala i profilen, eller "uppgift saknas"'),
  trend: scaleOrSaknas.optional().describe('Nodens trend: ett värde i nivåns trendskala i profilen, eller "uppgift saknas"'),
  status: scaleOrSaknas.optional().describe('Nodens status, t.ex. ett åtagandes: ett värde i nivåns statusskala i profilen, eller "uppgift saknas"'),
  färdiggrad: orSaknas(z.number().int().min(0).max(100)).optional().describe('Hur långt arbetet kommit, procent'),
  ansvar: orSaknas(z.array(z.string()).min(1)).optional().describe('Ansvariga, t.ex. [KS, alla nämnder och bolag]'),
  katalog: z.string().optional().describe('Id i kommunens katalog (kommun.yaml) när noden är ett kommungemensamt åtagande'),
  indikatorer: indikatorer.optional().describe(INDIKATORER_DESCRIPTION),
  tabeller: z.array(personalTabellSchema(IndikatorSchema)).optional().describe('Tabeller med mått per period som rapporten trycker under noden, t.ex. sjukfrånvaron under Medarbetare'),
  sammanställning: sammanställningRef.optional(),
});

export interface GoalNode {
  id: string;
  namn: string;
  rubrik?: string;
  beskrivning?: string;
  text?: Prose;
  kommentar?: { datum?: string; text: Prose };
  ursprung?: string;
  /** A scale value, or "uppgift saknas" (SAKNAS). */
  bedömning?: string;
  trend?: string;
  status?: string;
  färdiggrad?: number | Saknas;
  ansvar?: string[] | Saknas;
  katalog?: string;
  indikatorer?: Indikator[];
  tabeller?: PersonalTabell[];
  sammanställning?: SammanställningRef;
  /** Children, under the keys of the level's undernivåer. */
  [level: string]: unknown;
}

/** The static goal schema: any level keys, any node fields (narrowed by the profile). */
const StaticGoalNode: z.ZodType = z.lazy(() => z.looseObject(goalNodeFields()).catchall(z.array(StaticGoalNode)));
export const StaticGoalsSchema = z.record(z.string(), z.array(StaticGoalNode)).describe('Målstrukturen; nivåerna och deras nycklar anges i profilen');

// ---------------------------------------------------------------------------------------------
// Money tables

export const Enhet = z.enum(['kr', 'tkr', 'mnkr']);
const belopp = z.number().describe('Belopp i tabellens enhet; kostnader och utbetalningar negativa');

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
function columnEnum<T extends Record<string, unknown>>(kind: TableKind, amounts: T) {
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
function moneyTableFields<K extends z.ZodEnum>(kolumn: K, rubrik: string) {
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
const withOwnColumns = <T extends z.ZodObject>(row: T): T => row.catchall(z.unknown()) as unknown as T;

/** The fields a row schema declares (besides the table's columns). */
const fieldsOf = (row: z.ZodObject): ReadonlySet<string> => new Set(Object.keys(row.shape));

type Row = Record<string, unknown>;

/**
 * The table's own columns are well declared, and its rows hold only declared keys with values of the
 * column's type. `known` are the kind's own amount columns; `rows` lists every row with its path.
 */
function ownColumns<T extends { kolumner?: (string | EgenKolumn)[] }>(known: readonly string[], rows: (t: T) => { row: Row; path: (string | number)[]; fields: ReadonlySet<string> }[]) {
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

export const RR_ROLLER = [
  'intäkt',
  'summa_intäkter',
  'kostnad',
  'summa_kostnader',
  'finansnetto',
  'resultat',
  'över_underskott',
  'summa',
] as const;

/** Roles whose rows the tool derives (a stated value there is checked): at most one row each. */
export const RR_SUMMA_ROLLER = ['summa_intäkter', 'summa_kostnader', 'resultat', 'summa'] as const;

const rrBelopp = {
  utfall_fg: belopp.optional().describe('Utfall samma period föregående år'),
  utfall: belopp.optional().describe('Utfall för perioden'),
  budget: belopp.optional().describe('Periodiserad budget för perioden'),
  budgetavvikelse: belopp.optional().describe('Utfall − budget; beräknas, anges bara för att kontrolleras'),
  prognos: belopp.optional().describe('Årsprognos'),
  budget_helår: belopp.optional().describe('Budget för helåret'),
  prognosavvikelse: belopp.optional().describe('Prognos − budget helår; beräknas, anges bara för att kontrolleras'),
};

/** Resultaträkning columns. Avvikelser are derived; a stated avvikelse is checked. */
export const RrKolumn = columnEnum('resultaträkning', rrBelopp);

/** "Same fact" references per column: [rapportmapp:]id.kolumn. */
const sammaSom = z
  .record(z.string(), z.string().regex(FIGURE_REF, 'skrivs [rapportmapp:]id.kolumn'))
  .optional()
  .describe('Belopp i raden som är samma fakta som ett belopp i en annan tabell eller rapport: kolumn → [rapportmapp:]id.kolumn');

export const RrRadSchema = withOwnColumns(
  z.strictObject({
    id,
    namn: z.string().describe('Radens namn som det trycks, t.ex. "Verksamhetens intäkter"'),
    roll: z.enum(RR_ROLLER).describe('Radens roll: poster (intäkt, kostnad, finansnetto, över_underskott) och summor'),
    samma_som: sammaSom,
    ...rrBelopp,
  }),
);

const RR_RAD_FIELDS = fieldsOf(RrRadSchema);

export const ResultatrakningSchema = z
  .strictObject({
    ...moneyTableFields(RrKolumn, 'Resultaträkning'),
    rader: z.array(RrRadSchema).min(1).describe('Resultaträkningens rader i tryckt ordning: poster och summor med roll och belopp'),
  })
  .superRefine(ownColumns(RrKolumn.options, (t) => t.rader.map((row, i) => ({ row, path: ['rader', i], fields: RR_RAD_FIELDS }))));

const driftBelopp = {
  utfall_fg: belopp.optional().describe('Utfall (bokslut) föregående år'),
  budgetavvikelse_fg: belopp.optional().describe('Budgetavvikelse samma period föregående år'),
  utfall: belopp.optional().describe('Utfall för perioden'),
  budget: belopp.optional().describe('Periodiserad budget'),
  budgetavvikelse: belopp.optional().describe('Avvikelse mot budget enligt tabellens tecken (beräknas när utfall och budget finns)'),
  prognos: belopp.optional().describe('Prognos för helåret'),
  budget_helår: belopp.optional().describe('Nettobudget för helåret'),
  prognosavvikelse: belopp.optional().describe('Avvikelse prognos mot budget helår (beräknas när båda finns)'),
};

/** Varav rows: parts of their parent row (e.g. varav kostnader, varav intäkter) that sum to it. */
const VaravSchema = withOwnColumns(z.strictObject({ id, namn: z.string().describe('Varav-radens namn, t.ex. "varav kostnader"'), samma_som: sammaSom, ...driftBelopp }));
const varav = z
  .array(VaravSchema)
  .min(1)
  .optional()
  .describe('Delar av raden som tillsammans är raden, t.ex. varav kostnader och varav intäkter');

export const DriftKolumn = columnEnum('driftredovisning', driftBelopp);

export const DriftEnhetSchema = withOwnColumns(
  z.strictObject({
    id,
    namn: z.string().describe('Enhetens eller områdets namn som det trycks'),
    omfattar: z.array(z.string()).optional().describe('Enheter som ingår, visas som förklaring under tabellen'),
    förklaring: ProseSchema.optional().describe('Förklaring av avvikelsen'),
    samma_som: sammaSom,
    ...driftBelopp,
    varav,
  }),
);

const DriftSummaSchema = withOwnColumns(z.strictObject({ id, namn: z.string().describe('Summaradens namn, t.ex. "Summa" eller "Totalt"'), samma_som: sammaSom, ...driftBelopp, varav }));

/** What a driftredovisning's figures measure: the result (as the resultaträkning), or the net cost (without kommunersättning). */
export const DriftMått = z.enum(['resultat', 'nettokostnad']);

export const DriftredovisningSchema = z
  .strictObject({
    ...moneyTableFields(DriftKolumn, 'Driftredovisning'),
    mått: DriftMått.optional().describe(
      'resultat: enheternas resultat, samma mått som resultaträkningens resultat (då jämförs utfall, budget och prognos med den); nettokostnad: kostnader minus intäkter utan kommunersättning (då jämförs bara avvikelserna). Utan mått jämförs bara avvikelserna',
    ),
    diagram: z.enum(['stapel', 'inget']).optional().describe('Stapeldiagram över avvikelsen per enhet (standard: stapel när tabellen har en avvikelse); inget när rapporten inte har något'),
    enheter: z.array(DriftEnhetSchema).min(1).describe('En rad per enhet eller område: id, namn, belopp och eventuellt omfattar, förklaring och varav'),
    summa: DriftSummaSchema.describe('Summaraden; beloppen beräknas, angivna belopp kontrolleras'),
    text: ProseSchema.optional().describe('Text före förklaringarna per enhet'),
  })
  .superRefine(
    ownColumns(DriftKolumn.options, (t) =>
      [...t.enheter.map((row, i) => ({ row, path: ['enheter', i], fields: fieldsOf(DriftEnhetSchema) })), { row: t.summa, path: ['summa'], fields: fieldsOf(DriftSummaSchema) }].flatMap(({ row, path, fields }) => [
        { row: row as Row, path, fields },
        ...((row.varav ?? []) as Row[]).map((v, j) => ({ row: v, path: [...path, 'varav', j], fields: fieldsOf(VaravSchema) })),
      ]),
    ),
  );

const invBelopp = {
  utfall_ack_totalt: belopp.optional().describe('Utfall ackumulerat sedan projektstart'),
  projektbudget: belopp.optional().describe('Total projektbudget'),
  budgetavvikelse_projekt: belopp.optional().describe('Avvikelse sedan projektstart: utfall ack totalt mot projektbudget (beräknas när båda finns)'),
  prognos_projekt: belopp.optional().describe('Prognos för hela projektet'),
  prognosavvikelse_projekt: belopp
    .optional()
    .describe('Prognos projekt − projektbudget (beräknas när båda finns)'),
  budget_helår: belopp.optional().describe('Budget för helåret'),
  utfall: belopp.optional().describe('Utfall ackumulerat under året'),
  budgetavvikelse: belopp.optional().describe('Årets avvikelse: utfall mot budget helår (beräknas när båda finns)'),
  prognos_helår: belopp.optional().describe('Prognos för helåret'),
  prognosavvikelse: belopp.optional().describe('Prognos helår − budget helår (beräknas när båda finns)'),
};

export const InvKolumn = columnEnum('investeringsredovisning', invBelopp);

export const InvesteringsprojektSchema = withOwnColumns(z.strictObject({ id, namn: z.string().describe('Projektets namn som det trycks'), samma_som: sammaSom, ...invBelopp }));
const InvesteringsSummaSchema = withOwnColumns(z.strictObject({ id, namn: z.string().describe('Summaradens namn, t.ex. "Summa investeringar"'), samma_som: sammaSom, ...invBelopp }));
const INV_FIELDS = fieldsOf(InvesteringsprojektSchema);

/** Every money column a row of each table can hold (shown or not). */
export const DRIFT_BELOPP = Object.keys(driftBelopp) as (keyof typeof driftBelopp)[];
export const INV_BELOPP = Object.keys(invBelopp) as (keyof typeof invBelopp)[];

export const InvesteringsredovisningSchema = z
  .strictObject({
    ...moneyTableFields(InvKolumn, 'Investeringsredovisning'),
    enhet: Enhet.optional().describe('Beloppens enhet (krävs när tabellen har projekt eller grupper)'),
    grupper: z
      .array(
        z.strictObject({
          id,
          namn: z.string().describe('Gruppens namn som det trycks, t.ex. "Fastighetsinvesteringar"'),
          projekt: z.array(InvesteringsprojektSchema).min(1).describe('Gruppens projekt: id, namn och belopp'),
          summa: InvesteringsSummaSchema.optional().describe('Gruppens summarad, när rapporten trycker en'),
        }),
      )
      .min(1)
      .optional()
      .describe('Projekten i grupper, var och en med eller utan summarad'),
    projekt: z.array(InvesteringsprojektSchema).min(1).optional().describe('Projekten utan grupper (i stället för grupper)'),
    summa: InvesteringsSummaSchema.optional().describe('Tabellens summarad över alla projekt (t.ex. Summa investeringar), när rapporten trycker en'),
    text: ProseSchema.optional().describe('Text under tabellen, eller hela redovisningen när tabellen saknas'),
  })
  .superRefine((t, ctx) => {
    const table = t.grupper !== undefined || t.projekt !== undefined;
    if (!table && t.text === undefined) ctx.addIssue({ code: 'custom', path: [], message: 'investeringsredovisningen har varken projekt, grupper eller text' });
    if (t.grupper !== undefined && t.projekt !== undefined) ctx.addIssue({ code: 'custom', path: ['projekt'], message: 'ange projekten antingen i grupper eller direkt under projekt, inte båda' });
    if (!table && t.summa !== undefined) ctx.addIssue({ code: 'custom', path: ['summa'], message: 'en summarad summerar projekt; tabellen har inga' });
    if (table && t.enhet === undefined) ctx.addIssue({ code: 'custom', path: ['enhet'], message: 'ange enhet (kr, tkr eller mnkr) för tabellens belopp', params: { kod: 'schema.saknas' } });
  })
  .superRefine(
    ownColumns(InvKolumn.options, (t) => [
      ...(t.grupper ?? []).flatMap((g, gi) => [
        ...g.projekt.map((row, i) => ({ row: row as Row, path: ['grupper', gi, 'projekt', i], fields: INV_FIELDS })),
        ...(g.summa ? [{ row: g.summa as Row, path: ['grupper', gi, 'summa'], fields: INV_FIELDS }] : []),
      ]),
      ...(t.projekt ?? []).map((row, i) => ({ row: row as Row, path: ['projekt', i], fields: INV_FIELDS })),
      ...(t.summa ? [{ row: t.summa as Row, path: ['summa'], fields: INV_FIELDS }] : []),
    ]),
  );

const sammandragBelopp = {
  utfall_fg: belopp.optional().describe('Utfall samma period föregående år'),
  utfall: belopp.optional().describe('Utfall för perioden'),
  budget: belopp.optional().describe('Budget för perioden'),
  budgetavvikelse: belopp.optional().describe('Avvikelse mot budget; beräknas enligt tabellens tecken'),
  prognos: belopp.optional().describe('Prognos för helåret'),
  budget_helår: belopp.optional().describe('Budget för helåret'),
  prognosavvikelse: belopp.optional().describe('Avvikelse prognos mot budget helår; beräknas enligt tabellens tecken'),
};
export const SammandragKolumn = columnEnum('sammandrag', sammandragBelopp);
export const SAMMANDRAG_BELOPP = Object.keys(sammandragBelopp) as (keyof typeof sammandragBelopp)[];

/** What each column of each kind of money table holds (its amount's description), for the editor. */
export const COLUMN_MEANINGS: Record<TableKind, Record<string, string>> = Object.fromEntries(
  Object.entries({ resultaträkning: rrBelopp, driftredovisning: driftBelopp, investeringsredovisning: invBelopp, sammandrag: sammandragBelopp }).map(([kind, amounts]) => [
    kind,
    Object.fromEntries(Object.entries(amounts).map(([column, schema]) => [column, schema.description ?? ''])),
  ]),
) as Record<TableKind, Record<string, string>>;

const SammandragRadSchema = withOwnColumns(
  z.strictObject({
    id,
    namn: z.string().describe('Radens namn som det trycks, t.ex. "Driftredovisning" eller "Investeringar"'),
    från: z.array(z.string()).min(1).optional().describe('Id för rader i de andra tabellerna vars belopp summeras till raden (samma kolumn)'),
    tecken: TeckenSchema.optional().describe('Radens teckenkonvention när den skiljer sig från tabellens (t.ex. nettokostnad i resultattecken bredvid investeringar som utgifter)'),
    samma_som: sammaSom,
    ...sammandragBelopp,
  }),
);

/** A summary table whose rows are taken from rows of the other tables (Linköping's "Ekonomi, belopp i mnkr"). */
export const SammandragSchema = z
  .strictObject({
    ...moneyTableFields(SammandragKolumn, 'Ekonomi'),
    rader: z.array(SammandragRadSchema).min(1).describe('Sammandragets rader, var och en med belopp eller de rader i andra tabeller den hämtas från (från)'),
    text: ProseSchema.optional(),
  })
  .superRefine(ownColumns(SammandragKolumn.options, (t) => t.rader.map((row, i) => ({ row: row as Row, path: ['rader', i], fields: fieldsOf(SammandragRadSchema) }))));

export const EkonomiSchema = z.strictObject({
  ...sectionText,
  sammandrag: SammandragSchema.optional().describe('Ett sammandrag vars rader hämtas ur de andra tabellerna, t.ex. "Ekonomi, belopp i mnkr"'),
  resultaträkning: ResultatrakningSchema.optional().describe('Nämndens resultaträkning: intäkter, kostnader, finansnetto och resultat'),
  driftredovisning: z.array(DriftredovisningSchema).min(1).optional().describe('En eller flera driftredovisningar'),
  investeringsredovisning: z.array(InvesteringsredovisningSchema).min(1).optional().describe('En eller flera investeringsredovisningar'),
  balanskrav: ProseSchema.optional().describe('Bedömning av balanskravet utifrån helårsprognosen (delårsrapport)'),
});

// ---------------------------------------------------------------------------------------------
// Internkontroll

interface InternkontrollKrav {
  sannolikhet: Krav;
  konsekvens: Krav;
  hantera: Krav;
  bedömning: Krav;
}
const DEFAULT_IK_KRAV: InternkontrollKrav = { ...ENTITY_KRAV.risk, ...ENTITY_KRAV.kontrollmoment };

/**
 * Internkontroll with its kontrollmoment's bedömning in a given scale (the profile's "kontroll"). It
 * can be a heading and a text only ("Ingen avrapportering sker i delårsrapport 2"), or risks, with or
 * without sannolikhet × konsekvens as the profile's krav allow.
 */
function internkontrollSchema(kontroll: (krav: Krav) => z.ZodType<string | undefined>, krav: InternkontrollKrav = DEFAULT_IK_KRAV) {
  const grade = z.number().int().min(1).max(5);
  const kontrollmoment = z.strictObject({
    id,
    text: z.string().describe('Kontrollmomentet, t.ex. "Stickprov av attesträtter"'),
    bedömning: kontroll(krav.bedömning),
    resultat: ProseSchema.optional().describe('Resultatet av kontrollen'),
    åtgärd: ProseSchema.optional().describe('Åtgärd med anledning av resultatet'),
  });
  const risk = z.strictObject({
    id,
    risk: z.string().describe('Riskens beskrivning'),
    kort: z.string().optional().describe('Kort namn i sammanfattningen (standard: risktexten)'),
    hantera: kravField(z.boolean(), krav.hantera, 'Hantera risk? (ja: true, nej: false); visas som Ja/Nej'),
    sannolikhet: kravField(grade, krav.sannolikhet, 'Sannolikhet, heltal 1–5'),
    konsekvens: kravField(grade, krav.konsekvens, 'Konsekvens, heltal 1–5'),
    riskvärde: z.number().int().optional().describe('Sannolikhet × konsekvens; beräknas, anges bara för att kontrolleras'),
    kontrollmoment: z.array(kontrollmoment).default([]).describe('Kontrollmoment för risken: id, text, bedömning och eventuellt resultat och åtgärd'),
    kommentar: ProseSchema.optional().describe('Kommentar från verksamhetsplan när risken saknar kontrollmoment'),
  });
  return z
    .strictObject({
      rubrik: z.string().default('Intern styrning och kontroll').describe('Avsnittets rubrik (standard: Intern styrning och kontroll)'),
      text: ProseSchema.optional().describe('Inledande text, eller hela avsnittet, t.ex. "Ingen avrapportering av internkontroll sker i delårsrapport 2."'),
      mål: z
        .array(
          z.strictObject({
            id,
            namn: z.string().describe('4-årigt strategiskt mål'),
            perspektiv: z.string().optional().describe('Id för en nod i målstrukturen'),
            risker: z.array(risk).min(1).describe('Risker under målet'),
          }),
        )
        .min(1)
        .optional()
        .describe('Internkontrollens mål, vart och ett med sina risker'),
    })
    .refine((ik) => ik.text !== undefined || ik.mål !== undefined, { message: 'internkontrollen har varken text eller mål; ange text (t.ex. att ingen avrapportering sker) eller mål med risker' });
}

export const InternkontrollSchema = internkontrollSchema((krav) => kravField(scaleKey, krav, 'Kontrollmomentets bedömning: ett värde i profilens skala "kontroll", eller "uppgift saknas"'));

// ---------------------------------------------------------------------------------------------
// Personal

const konsFordelning = z.strictObject({
  kvinnor: z.number().int().min(0).describe('Antal kvinnor'),
  män: z.number().int().min(0).describe('Antal män'),
  totalt: z.number().int().min(0).optional().describe('Beräknas; anges bara för att kontrolleras'),
});

/** Values of a personal figure that are the same fact as a figure elsewhere: fält → [rapportmapp:]id.fält. */
const sammaSomVärden = (fields: readonly [string, ...string[]]) =>
  z
    .partialRecord(z.enum(fields), z.string().regex(FIGURE_REF, FIGURE_REF_MESSAGE))
    .optional()
    .describe('Värden som är samma fakta som ett värde på ett annat ställe (en indikator, en personaltabell): fält → [rapportmapp:]id.fält, samma period');

/**
 * A personal table as the report prints it: rows are measures (tillsvidareanställda, sjukfrånvaro,
 * avgångar …) or the parts of a dimension (område), each with its values per period, kvinnor and män
 * as rows under it — the same model as an indicator.
 */
export function personalTabellSchema<R extends z.ZodType>(rad: R) {
  return z.strictObject({
    id,
    rubrik: z.string().min(1).describe('Tabellens rubrik, t.ex. "Sjukfrånvaro på KLK som egen förvaltning"'),
    radrubrik: z.string().min(1).optional().describe('Rubrik för radnamnskolumnen, t.ex. "Område" (standard: Mått)'),
    perioder: z.enum(['stigande', 'fallande']).optional().describe('Periodkolumnernas ordning: stigande (äldst först, standard) eller fallande (senast först); utfallen skrivs alltid äldst först'),
    kolumner: z
      .enum(['perioder', 'kön'])
      .optional()
      .describe('perioder (standard): en kolumn per period, kvinnor och män som rader; kön: kolumnerna Kvinnor, Män och Totalt för radernas senaste period'),
    placering: z.enum(['början', 'slut']).optional().describe('Under en målnod eller i ett kapitel: efter texten (början, standard) eller sist, efter undernivåerna eller underavsnitten (slut)'),
    text: ProseSchema.optional().describe('Text under tabellen'),
    rader: z.array(rad).min(1).describe('Tabellens rader: ett mått eller en del (t.ex. ett område) med utfall per period'),
  });
}

export const PersonalSchema = z.strictObject({
  rubrik: z.string().min(1).optional().describe('Avsnittets rubrik (standard: Personal)'),
  text: ProseSchema.optional().describe('Kommentar till personalavsnittet'),
  anställda: konsFordelning.extend({ id }).optional().describe('Antal anställda'),
  sjukfrånvaro: z
    .array(
      z.strictObject({
        id,
        period: z.union([z.string(), z.number()]).describe('Periodens etikett, t.ex. 2023 eller "jun 2022–maj 2023"'),
        typ: z.enum(['R12', 'period', 'helår']).optional().describe('Vad perioden är: R12 (rullande tolv månader), period eller helår; visas bara när den anges'),
        totalt: z.number().optional().describe('Procent'),
        kvinnor: z.number().optional().describe('Kvinnors sjukfrånvaro, procent'),
        män: z.number().optional().describe('Mäns sjukfrånvaro, procent'),
        samma_som: sammaSomVärden(['totalt', 'kvinnor', 'män']),
      }),
    )
    .default([])
    .describe('Sjukfrånvaro per period i procent: totalt, kvinnor och män; visas med en decimal'),
  nyckeltal: z
    .array(
      z.strictObject({
        id,
        namn: z.string().describe('Nyckeltalets namn, t.ex. "Antal årsarbetare"'),
        period: z.union([z.string(), z.number()]).describe('Periodens etikett, t.ex. 2023 eller "Delår 2 2023"'),
        värde: z.number().describe('Värdet i nyckeltalets enhet'),
        enhet: z.string().default('antal').describe('Enhet, t.ex. "%" eller "dagar"; visas efter värdet utom för antal (standard: antal)'),
        decimaler: z.number().int().min(0).max(4).optional().describe('Decimaler vid visning (standard: som värdet är skrivet)'),
        samma_som: sammaSomVärden(['värde']),
      }),
    )
    .default([])
    .describe('Nyckeltal per period, t.ex. antal årsarbetare eller personalomsättning'),
  tabeller: z.array(personalTabellSchema(IndikatorSchema)).default([]).describe('Personaltabeller som rapporten trycker dem: mått eller delar som rader, perioder som kolumner'),
});

// ---------------------------------------------------------------------------------------------
// Bilaga: Plan för klimat (aktiviteter per fokusområde)

/** A bilaga of activities per fokusområde, with their status in a given scale (the profile's "aktivitet"). */
function klimatplanSchema(aktivitet: (krav: Krav) => z.ZodType<string | undefined>, krav: { status: Krav; färdiggrad: Krav } = ENTITY_KRAV.aktivitet) {
  return z.strictObject({
    id,
    rubrik: z.string().describe('Bilagans rubrik, t.ex. "Plan för klimat"'),
    underrubrik: z.string().optional().describe('Underrubrik under bilagans rubrik'),
    fokusområden: z
      .array(
        z.strictObject({
          id,
          namn: z.string().describe('Fokusområdets namn'),
          aktiviteter: z
            .array(
              z.strictObject({
                id,
                titel: z.string().describe('Aktivitetens titel'),
                status: aktivitet(krav.status),
                färdiggrad: kravField(z.number().int().min(0).max(100), krav.färdiggrad, 'Hur långt aktiviteten kommit, procent (heltal 0–100)'),
                kommentar: ProseSchema.optional().describe('Kommentar till aktiviteten'),
              }),
            )
            .min(1)
            .describe('Fokusområdets aktiviteter med status och färdiggrad'),
        }),
      )
      .min(1)
      .describe('Bilagans fokusområden, vart och ett med sina aktiviteter'),
  });
}

export const KlimatplanSchema = klimatplanSchema((krav) => kravField(scaleKey, krav, 'Aktivitetens status: ett värde i profilens skala "aktivitet", eller "uppgift saknas"'));

// ---------------------------------------------------------------------------------------------
// The report

export const RapportTyp = z.enum(['delårsrapport', 'verksamhetsberättelse']).describe('Rapporttyp: delårsrapport eller verksamhetsberättelse');

export const MetaShape = {
  kommun: z.string().describe('Kommunens namn, t.ex. "Eskilstuna"'),
  nämnd: z
    .strictObject({ namn: z.string().describe('Nämndens namn, t.ex. "Servicenämnden"'), förkortning: z.string().describe('Nämndens förkortning, t.ex. "SEN"') })
    .describe('Nämnden som rapporten gäller'),
  förvaltning: z
    .strictObject({
      namn: z.string().describe('Förvaltningens namn, t.ex. "Serviceförvaltningen"'),
      förkortning: z.string().optional().describe('Förvaltningens förkortning, t.ex. "SEF"'),
    })
    .describe('Förvaltningen som tagit fram rapporten'),
  rapport: z
    .strictObject({
      typ: RapportTyp.describe('Rapporttyp: delårsrapport eller verksamhetsberättelse; avgör kolumnerna och texternas tempus enligt profilen'),
      nummer: z.number().int().min(1).max(3).optional().describe('Delårsrapportens nummer (1–3)'),
      år: z.number().int().min(2000).max(2100).describe('Rapportåret, t.ex. 2023'),
      period: z
        .strictObject({ från: date.describe('Periodens första dag, ÅÅÅÅ-MM-DD'), till: date.describe('Periodens sista dag, ÅÅÅÅ-MM-DD') })
        .describe('Rapportperioden; båda datumen ligger i rapportåret, t.ex. 2023-01-01 till 2023-08-31'),
      status: z.string().optional().describe('Arbetsstatus, t.ex. "Påbörjad"'),
      beteckning: z.string().min(1).optional().describe('Rapportens beteckning som handling, t.ex. "Bilaga 1"; visas på titelsidan'),
      lagstadgad: z
        .boolean()
        .optional()
        .describe('Delårsrapporten är den lagstadgade (LKBR 13 kap. 1 §); standard: ja för en delårsrapport'),
    })
    .describe('Rapporttyp och period'),
  dnr: z.string().optional().describe('Diarienummer'),
  paragraf: z.number().int().optional().describe('Protokollsparagraf när nämnden fattat beslut'),
  beslutsdatum: date.optional(),
  förslag_till_beslut: z.array(z.string()).min(1).optional().describe('Punkterna i förslaget till beslut'),
  beslut: z.array(z.string()).optional().describe('Nämndens beslut (standard: förslaget till beslut)'),
  mottagare: z.array(z.string()).min(1).optional().describe('Beslutet skickas till'),
  yrkanden: z.array(z.string().min(1)).min(1).optional().describe('Yrkanden i protokollsutdraget, t.ex. "Jimmy Jansson (S) yrkar bifall till förvaltningens förslag."'),
  beslutshandlingar: z.array(z.string().min(1)).min(1).optional().describe('Beslutshandlingar i tjänsteskrivelsen, t.ex. "Bilaga 1, Delårsrapport 2, 2022 kommunstyrelsen"'),
  undertecknare: z
    .array(
      z.strictObject({
        namn: z.string().describe('Undertecknarens namn'),
        titel: z.string().describe('Titel, t.ex. "förvaltningschef"'),
        organisation: z.string().optional().describe('Organisation, t.ex. "Serviceförvaltningen"'),
      }),
    )
    .min(1)
    .optional()
    .describe('De som undertecknar tjänsteskrivelsen'),
  ärendebeskrivning: z
    .array(z.strictObject({ rubrik: z.string().optional().describe('Styckets rubrik, t.ex. "Budget"'), text: ProseSchema }))
    .min(1)
    .optional()
    .describe('Tjänsteskrivelsens ärendebeskrivning i stycken; utan den skrivs ingen tjänsteskrivelse'),
  sammanfattning: ProseSchema,
  sammanfattningsrubrik: z.string().min(1).optional().describe('Sammanfattningens rubrik (standard: Sammanfattning), t.ex. Bedömning och analys'),
  ordning: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe(
      `Avsnittens ordning i rapporten: ${SECTION_NAMES.join(', ')}, mål (alla mål på översta nivån som inte står för sig) eller ett måls id. Standard: sammanfattning, sammanställning, statusräkning, förklaring, mål, personal, ekonomi, internkontroll, bilagor. Ett avsnitt med innehåll måste stå med; en sammanställning, statusräkning eller förklaring som inte står med trycks inte`,
    ),
  sammanställning: z
    .strictObject(sectionText)
    .optional()
    .describe('Rubrik och inledande text för sammanställningen av bedömningarna'),
  statusräkning: z
    .strictObject({
      ...sectionText,
      tabellrubrik: z.string().min(1).optional().describe('Statustabellens rubrik'),
      antal: z.record(scaleKey, z.number().int().min(0)).optional().describe('Antalen som rapporten trycker per status; kontrolleras mot noderna. En status som inte står här är 0'),
      totalt: z.number().int().min(0).optional().describe('Totalen som rapporten trycker; kontrolleras'),
    })
    .optional()
    .describe('Rubrik, inledande text och de tryckta antalen för statusräkningen (t.ex. Status åtaganden)'),
  förklaring: z
    .strictObject({
      ...sectionText,
      skalor: z
        .array(
          z.union([
            scaleKey,
            z.strictObject({
              skala: scaleKey.describe('Skalans nyckel i profilen, t.ex. huvudprocess'),
              rubrik: z.string().min(1).optional().describe('Rubrik (standard: skalans namn)'),
              intro: z.union([z.string().min(1), z.literal(false)]).optional().describe('Inledande mening (standard: skalans intro); false: ingen'),
              värden: z.array(scaleKey).min(1).optional().describe('Värdena som visas, i ordning (standard: alla)'),
            }),
          ]),
        )
        .optional()
        .describe('Skalorna som förklaras (standard: profilens förklaring); [] när rapporten inte förklarar några symboler'),
    })
    .optional()
    .describe('Rubrik, text och skalor för Förklaring symboler'),
  avsnitt: z
    .array(
      z.strictObject({
        id,
        rubrik: z.string().describe('Kapitlets rubrik, t.ex. "Nämndens uppdrag"'),
        text: ProseSchema.optional().describe('Kapitlets text (kan utelämnas när kapitlet har underavsnitt)'),
        placering: z
          .enum(['inledning', 'avslutning'])
          .optional()
          .describe('inledning: efter sammanfattningen (standard); avslutning: efter den ekonomiska redovisningen'),
        före: z.string().optional().describe(`Kapitlet står före detta avsnitt: ${SECTION_NAMES.join(', ')}, ett mål på översta nivån eller ett annat kapitel (id)`),
        efter: z.string().optional().describe(`Kapitlet står efter detta avsnitt: ${SECTION_NAMES.join(', ')}, ett mål på översta nivån eller ett annat kapitel (id)`),
        sidbrytning: z.boolean().optional().describe('Kapitlet börjar på en ny sida (standard: nej)'),
        underavsnitt: z
          .array(z.strictObject({ id, rubrik: z.string().min(1).describe('Underavsnittets rubrik; står i innehållsförteckningen'), text: ProseSchema }))
          .min(1)
          .optional()
          .describe('Underrubriker i kapitlet, efter dess text; de står i innehållsförteckningen'),
        tabeller: z
          .array(personalTabellSchema(IndikatorSchema))
          .min(1)
          .optional()
          .describe('Tabeller med mått per period i kapitlet, t.ex. Volymer (byggda som personaltabellerna)'),
      })
        .refine((a) => a.text !== undefined || a.underavsnitt !== undefined || a.tabeller !== undefined, {
          path: ['text'],
          message: 'kapitlet har varken text, tabeller eller underavsnitt',
          params: { kod: 'schema.saknas' },
        }),
    )
    .default([])
    .describe('Fria kapitel i Markdown, t.ex. Nämndens uppdrag eller Förväntad utveckling; placeras med placering, före eller efter'),
  undantag: z
    .array(
      z.strictObject({
        regel: z.string().describe('Regelkoden, t.ex. avvikelse.rad'),
        id: z.string().optional().describe('Närmaste id på den plats diagnosen gäller; utelämnas för en diagnos om hela rapporten (t.ex. lag.frist)'),
        kolumn: z.string().optional().describe('Bara denna kolumn (eller detta fält, t.ex. värde)'),
        period: z.union([z.string(), z.number()]).optional().describe('Bara värdet för denna period (ett utfall i en indikator eller personaltabell)'),
        skäl: z.string().min(10).describe('Varför felet publiceras som det är'),
      }),
    )
    .default([])
    .describe('Kända fel som publiceras som de är: rapporteras som varningar i stället för fel'),
};

const SECTION_DESCRIPTIONS = {
  personal: 'Personal: anställda, sjukfrånvaro, nyckeltal och personaltabeller',
  internkontroll: 'Intern styrning och kontroll: mål med risker och kontrollmoment, eller bara en text',
  bilagor: 'Bilagor, t.ex. Plan för klimat med aktiviteter per fokusområde',
} as const;

export const SectionShape = {
  mål: StaticGoalsSchema,
  personal: PersonalSchema.optional().describe(SECTION_DESCRIPTIONS.personal),
  ekonomi: EkonomiSchema.prefault({}).describe('Ekonomisk redovisning: tabeller och text'),
  internkontroll: InternkontrollSchema.optional().describe(SECTION_DESCRIPTIONS.internkontroll),
  bilagor: z.array(KlimatplanSchema).default([]).describe(SECTION_DESCRIPTIONS.bilagor),
};

export const ReportSchema = z.strictObject({ ...MetaShape, ...SectionShape });

/** What one file of a report folder may contain: any subset of the report's top-level keys. */
export const FragmentSchema = ReportSchema.partial();

type ReportOutput = z.output<typeof ReportSchema>;
export type Report = Omit<ReportOutput, 'mål'> & { mål: Record<string, GoalNode[]> };
export type ReportInput = z.input<typeof ReportSchema>;
export type Indikator = z.output<typeof IndikatorSchema>;
export type IndikatorUtfall = z.output<typeof IndikatorUtfallSchema>;
export type Resultatrakning = z.output<typeof ResultatrakningSchema>;
export type RrRad = z.output<typeof RrRadSchema>;
export type Driftredovisning = z.output<typeof DriftredovisningSchema>;
export type Investeringsredovisning = z.output<typeof InvesteringsredovisningSchema>;
export type Sammandrag = z.output<typeof SammandragSchema>;
export type Internkontroll = z.output<typeof InternkontrollSchema>;
export type Risk = NonNullable<Internkontroll["mål"]>[number]["risker"][number];
export type Personal = z.output<typeof PersonalSchema>;
export type Klimatplan = z.output<typeof KlimatplanSchema>;
export type PersonalTabell = z.output<ReturnType<typeof personalTabellSchema<typeof IndikatorSchema>>>;
export type Prose = z.output<typeof ProseSchema>;

// ---------------------------------------------------------------------------------------------
// The report schema of one profile: the goal tree's levels, fields and scale values.

/** The parts of a profile the schema needs (kept structural so the schema does not import the loader). */
export interface SchemaProfile {
  rootKeys: string[];
  level(key: string): {
    namn: string;
    undernivåer: string[];
    bedömning?: string;
    trend?: string;
    status?: string;
    färdiggrad?: true | number[];
    ansvar: boolean;
    katalog: boolean;
    indikatorer: boolean;
    sammanställning: boolean;
  };
  requirement(levelKey: string, field: NodeKravField): Krav;
  entityRequirement<E extends KravEntity>(entity: E, field: keyof (typeof ENTITY_KRAV)[E] & string): Krav;
  scaleKeys(id: string): string[] | undefined;
}

/** A scale field under a requirement: the scale's values, and "uppgift saknas" unless the profile requires a value. */
function scaleEnum(profile: SchemaProfile, scaleId: string, what: string, krav: Krav = 'krävs'): z.ZodType<string | undefined> {
  const keys = profile.scaleKeys(scaleId);
  if (!keys || keys.length === 0) return withKrav(scaleKey.describe(what), krav);
  const values = krav === 'krävs' ? keys : [...keys, SAKNAS];
  const e = z.enum(values as [string, ...string[]]).describe(`${what} (profilens skala "${scaleId}"${krav === 'krävs' ? '' : ', eller "uppgift saknas"'})`);
  return (krav === 'valfritt' ? e.optional() : e) as z.ZodType<string | undefined>;
}

function levelSchema(profile: SchemaProfile, key: string, built: Map<string, z.ZodType>): z.ZodType {
  const hit = built.get(key);
  if (hit) return hit;
  const level = profile.level(key);
  const f = goalNodeFields();
  const krav = (field: NodeKravField) => profile.requirement(key, field);
  const shape: Record<string, z.ZodType> = {
    id: f.id,
    namn: f.namn,
    rubrik: f.rubrik,
    beskrivning: f.beskrivning,
    text: f.text,
    kommentar: kommentarSchema(krav('kommentar.datum')).optional(),
    ursprung: f.ursprung,
  };
  for (const field of ['bedömning', 'trend', 'status'] as const) {
    const scale = level[field];
    if (!scale) continue;
    shape[field] = scaleEnum(profile, scale, `${level.namn}: ${field}`, krav(field));
  }
  if (level.färdiggrad !== undefined) {
    const steps = level.färdiggrad === true ? undefined : level.färdiggrad;
    const base = z.number().int().min(0).max(100);
    const value = (steps ? base.refine((v) => steps.includes(v), `färdiggrad är ett av stegen ${steps.join(', ')} (procent)`) : base).describe('Hur långt arbetet kommit, procent');
    shape['färdiggrad'] = kravField(value, krav('färdiggrad'), steps ? `Hur långt arbetet kommit, procent: ett av stegen ${steps.join(', ')}` : 'Hur långt arbetet kommit, procent (heltal 0–100)');
  }
  if (level.ansvar) shape['ansvar'] = kravField(z.array(z.string()).min(1), krav('ansvar'), 'Ansvariga, t.ex. [KS, alla nämnder och bolag]; visas inom parentes efter namnet');
  if (level.katalog) shape['katalog'] = f.katalog;
  shape['tabeller'] = z.array(personalTabellSchema(indikatorSchema({ riktning: profile.entityRequirement('indikator', 'riktning'), enhet: profile.entityRequirement('indikator', 'enhet') }))).optional().describe(f.tabeller.description ?? '');
  if (level.indikatorer) shape['indikatorer'] = z.array(indikatorSchema({ riktning: profile.entityRequirement('indikator', 'riktning'), enhet: profile.entityRequirement('indikator', 'enhet') })).default([]).describe(INDIKATORER_DESCRIPTION);
  const children = level.undernivåer;
  if (level.sammanställning && children.length > 0) {
    shape['sammanställning'] = sammanställningRef.optional().describe(`Nivå vars bedömningar sammanställs: ${children.join(' eller ')} eller en nivå under dem`);
  }
  for (const child of children) shape[child] = z.array(levelSchema(profile, child, built)).default([]);
  const schema = z.strictObject(shape).describe(level.namn);
  built.set(key, schema);
  return schema;
}

/** The report schema for reports of one profile. */
export function buildReportSchema(profile: SchemaProfile) {
  const built = new Map<string, z.ZodType>();
  const goals: Record<string, z.ZodType> = {};
  for (const root of profile.rootKeys) goals[root] = z.array(levelSchema(profile, root, built)).default([]);
  const risk = (f: 'sannolikhet' | 'konsekvens' | 'hantera') => profile.entityRequirement('risk', f);
  const internkontroll = internkontrollSchema((krav) => scaleEnum(profile, 'kontroll', 'Kontrollmomentets bedömning', krav), {
    sannolikhet: risk('sannolikhet'),
    konsekvens: risk('konsekvens'),
    hantera: risk('hantera'),
    bedömning: profile.entityRequirement('kontrollmoment', 'bedömning'),
  });
  const indikator = indikatorSchema({ riktning: profile.entityRequirement('indikator', 'riktning'), enhet: profile.entityRequirement('indikator', 'enhet') });
  const personal = PersonalSchema.safeExtend({ tabeller: z.array(personalTabellSchema(indikator)).default([]).describe(PersonalSchema.shape.tabeller.description ?? '') });
  const bilaga = klimatplanSchema((krav) => scaleEnum(profile, 'aktivitet', 'Aktivitetens status', krav), {
    status: profile.entityRequirement('aktivitet', 'status'),
    färdiggrad: profile.entityRequirement('aktivitet', 'färdiggrad'),
  });
  return z.strictObject({
    ...MetaShape,
    ...SectionShape,
    mål: z.strictObject(goals).describe('Målstrukturen enligt profilen'),
    internkontroll: internkontroll.optional().describe(SECTION_DESCRIPTIONS.internkontroll),
    personal: personal.optional().describe(SECTION_DESCRIPTIONS.personal),
    bilagor: z.array(bilaga).default([]).describe(SECTION_DESCRIPTIONS.bilagor),
  });
}
