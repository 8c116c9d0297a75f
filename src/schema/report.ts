/**
 * The report format, v1: one Zod schema per entity. The merged report (all YAML files of a
 * report folder) must satisfy `ReportSchema`; a single file satisfies `FragmentSchema`.
 *
 * Keys are Swedish domain words. Every entity that diffs, references and roll-ups key on has an `id`.
 * Money values are plain YAML numbers in the unit the table declares (`enhet`); the tool does all
 * arithmetic in exact decimals (see src/format/decimal.ts).
 */
import { z } from 'zod';

export const ID_PATTERN = /^[a-z0-9åäö][a-z0-9åäö-]*$/;

const id = z
  .string()
  .regex(ID_PATTERN, 'id får bara innehålla a–z, å, ä, ö, siffror och bindestreck och måste börja med bokstav eller siffra')
  .describe('Stabilt id, unikt i rapporten. Diffar, referenser och sammanställningar nycklar på det.');

const date = z.iso.date().describe('Datum, ÅÅÅÅ-MM-DD');

/** Prose is Markdown, inline as a block scalar or in a file beside the YAML. */
export const ProseSchema = z
  .union([
    z.string(),
    z.strictObject({
      fil: z.string().describe('Markdown-fil, relativt rapportmappen'),
    }),
  ])
  .describe('Text i Markdown. Siffror ur rapporten citeras med {{belopp id.kolumn}}, {{värde id.fält}} och {{antal åtaganden.status}}.');

const kommentar = z
  .strictObject({
    datum: date.describe('Datum för senaste kommentar; ska ligga inom rapportperioden'),
    text: ProseSchema,
  })
  .describe('Senaste kommentar (datum) med text');

// ---------------------------------------------------------------------------------------------
// Scales (Eskilstuna's vocabulary; labels and symbols live in src/model/scales.ts)

export const HuvudprocessBedomning = z.enum(['uppnår', 'delvis', 'ej_uppnår', 'ej_bedömd']);
export const Trend = z.enum(['bättre', 'oförändrad', 'sämre', 'saknas']);
export const MalBedomning = z.enum(['helt', 'delvis', 'ej', 'ej_utvärderad']);
export const AtagandeStatus = z.enum(['ej_påbörjad', 'pågår', 'klart', 'försenat']);
export const KontrollBedomning = z.enum(['utan_anmärkning', 'mindre_brister', 'väsentliga_brister', 'ej_bedömd']);
export const KlimatStatus = z.enum(['enligt_plan', 'pågår', 'avvikelse', 'ej_bedömd']);

// ---------------------------------------------------------------------------------------------
// Indicators

const tal = z.number();
const andel = z
  .strictObject({ täljare: z.number(), nämnare: z.number() })
  .describe('Andel som täljare/nämnare; procenten beräknas');
const delvarde = z.union([tal, andel]);

export const SaknasSchema = z.strictObject({
  typ: z.enum(['saknas', 'ej_tillämpligt', 'sekretess', 'preliminärt_saknas']).default('saknas'),
  orsak: z.string().describe('Visas i stället för värdet, t.ex. "Utfall saknas, kommer redovisas vid helårsuppföljningen"'),
});

export const IndikatorUtfallSchema = z
  .strictObject({
    period: z.union([z.string(), z.number()]).describe('Periodens etikett, t.ex. 2023, "Delår 2 2023" eller "jun 2022–maj 2023"'),
    värde: tal.optional().describe('Totalt värde (i indikatorns enhet)'),
    täljare: z.number().optional(),
    nämnare: z.number().optional(),
    kvinnor: delvarde.optional(),
    män: delvarde.optional(),
    saknas: SaknasSchema.optional(),
    not: z.string().optional(),
  })
  .describe('Ett utfall: värde, täljare/nämnare, uppdelning på kön eller ett typat saknat värde');

export const IndikatorSchema = z.strictObject({
  id,
  namn: z.string(),
  enhet: z.string().describe('Enhet, t.ex. "%", "antal", "poäng (1–10)", "kg CO₂e/kg"'),
  decimaler: z.number().int().min(0).max(4).default(1).describe('Antal decimaler vid visning'),
  mål: z
    .strictObject({
      riktning: z.enum(['minst', 'högst']).describe('minst: högre är bättre; högst: lägre är bättre'),
      värde: z.number(),
    })
    .optional(),
  källa: z.string().optional(),
  utfall: z.array(IndikatorUtfallSchema).min(1).describe('Äldst först; sista posten är rapportperiodens utfall'),
});

// ---------------------------------------------------------------------------------------------
// Goals: perspektiv → processområde → huvudprocess / 4-årigt processmål / 1-årigt åtagande

export const HuvudprocessSchema = z.strictObject({
  id,
  namn: z.string(),
  bedömning: HuvudprocessBedomning,
  trend: Trend,
  kommentar: kommentar.optional(),
});

export const ProcessmalSchema = z.strictObject({
  id,
  namn: z.string(),
  bedömning: MalBedomning,
  kommentar: kommentar.optional(),
  indikatorer: z.array(IndikatorSchema).default([]),
});

export const AtagandeSchema = z.strictObject({
  id,
  text: z.string().describe('Åtagandets text, utan ansvarslistan'),
  ansvar: z.array(z.string()).min(1).describe('Ansvariga, t.ex. [KS, alla nämnder och bolag]'),
  status: AtagandeStatus.describe('Bedömd status vid årets slut'),
  färdiggrad: z.number().int().min(0).max(100).describe('Hur långt arbetet kommit, procent'),
  kommentar: kommentar.optional(),
});

export const ProcessomradeSchema = z.strictObject({
  id,
  namn: z.string(),
  bedömning: HuvudprocessBedomning.optional().describe('Processområdets bedömning (när sammanställningen sker per processområde)'),
  trend: Trend.optional(),
  text: ProseSchema.optional(),
  huvudprocesser: z.array(HuvudprocessSchema).default([]),
  processmål: z.array(ProcessmalSchema).default([]),
  åtaganden: z.array(AtagandeSchema).default([]),
});

export const PerspektivSchema = z.strictObject({
  id,
  namn: z.string(),
  sammanställning: z
    .enum(['huvudprocess', 'processområde'])
    .default('huvudprocess')
    .describe('Vilken nivå sammanställningen av bedömningar visar'),
  text: ProseSchema.optional(),
  processområden: z.array(ProcessomradeSchema).min(1),
});

// ---------------------------------------------------------------------------------------------
// Money tables

export const Enhet = z.enum(['kr', 'tkr', 'mnkr']);
const belopp = z.number().describe('Belopp i tabellens enhet; kostnader och utbetalningar negativa');

const visning = z
  .strictObject({
    enhet: Enhet.optional().describe('Visningsenhet (standard: tabellens enhet)'),
    decimaler: z.number().int().min(0).max(3).optional().describe('Decimaler (standard: 1 för mnkr, 0 för tkr och kr)'),
  })
  .default({});

/** The columns a table can show: exactly the amounts its rows can hold. */
function columnEnum<T extends Record<string, unknown>>(amounts: T) {
  return z.enum(Object.keys(amounts) as [Extract<keyof T, string>, ...Extract<keyof T, string>[]]);
}

/** Fields every money table has: id, heading, unit, display, visible columns and their labels. */
function moneyTableFields<K extends z.ZodEnum>(kolumn: K, rubrik: string) {
  return {
    id,
    rubrik: z.string().default(rubrik),
    underrubrik: z.string().optional(),
    enhet: Enhet,
    visning,
    kolumner: z.array(kolumn).min(1).describe('Kolumner som visas, i ordning'),
    rubriker: z.partialRecord(kolumn, z.string()).default({} as never).describe('Egna kolumnrubriker'),
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
export const RrKolumn = columnEnum(rrBelopp);

export const RrRadSchema = z.strictObject({
  id,
  namn: z.string(),
  roll: z.enum(RR_ROLLER).describe('Radens roll: poster (intäkt, kostnad, finansnetto, över_underskott) och summor'),
  ...rrBelopp,
});

export const ResultatrakningSchema = z.strictObject({
  ...moneyTableFields(RrKolumn, 'Resultaträkning'),
  rader: z.array(RrRadSchema).min(1),
});

const driftBelopp = {
  budgetavvikelse_fg: belopp.optional().describe('Budgetavvikelse samma period föregående år'),
  utfall: belopp.optional(),
  budget: belopp.optional().describe('Periodiserad budget'),
  budgetavvikelse: belopp.optional().describe('Utfall − budget (beräknas när utfall och budget finns)'),
  prognos: belopp.optional(),
  budget_helår: belopp.optional().describe('Nettobudget för helåret'),
  prognosavvikelse: belopp.optional().describe('Prognos − budget helår (beräknas när båda finns)'),
};

export const DriftKolumn = columnEnum(driftBelopp);

export const DriftEnhetSchema = z.strictObject({
  id,
  namn: z.string(),
  omfattar: z.array(z.string()).optional().describe('Enheter som ingår, visas som förklaring under tabellen'),
  förklaring: ProseSchema.optional().describe('Förklaring av avvikelsen'),
  ...driftBelopp,
});

export const DriftredovisningSchema = z.strictObject({
  ...moneyTableFields(DriftKolumn, 'Driftredovisning'),
  enheter: z.array(DriftEnhetSchema).min(1),
  summa: z
    .strictObject({ id, namn: z.string(), ...driftBelopp })
    .describe('Summaraden; beloppen beräknas, angivna belopp kontrolleras'),
  text: ProseSchema.optional().describe('Text före förklaringarna per enhet'),
});

const invBelopp = {
  utfall_ack_totalt: belopp.optional().describe('Utfall ackumulerat sedan projektstart'),
  projektbudget: belopp.optional().describe('Total projektbudget'),
  prognos_projekt: belopp.optional().describe('Prognos för hela projektet'),
  prognosavvikelse_projekt: belopp
    .optional()
    .describe('Prognos projekt − projektbudget (beräknas när båda finns)'),
  budget_helår: belopp.optional(),
  utfall: belopp.optional().describe('Utfall ackumulerat under året'),
  prognos_helår: belopp.optional(),
  prognosavvikelse: belopp.optional().describe('Prognos helår − budget helår (beräknas när båda finns)'),
};

export const InvKolumn = columnEnum(invBelopp);

export const InvesteringsprojektSchema = z.strictObject({ id, namn: z.string(), ...invBelopp });

/** Every money column a row of each table can hold (shown or not). */
export const DRIFT_BELOPP = Object.keys(driftBelopp) as (keyof typeof driftBelopp)[];
export const INV_BELOPP = Object.keys(invBelopp) as (keyof typeof invBelopp)[];

export const InvesteringsredovisningSchema = z.strictObject({
  ...moneyTableFields(InvKolumn, 'Investeringsredovisning'),
  grupper: z
    .array(
      z.strictObject({
        id,
        namn: z.string(),
        projekt: z.array(InvesteringsprojektSchema).min(1),
        summa: z.strictObject({ id, namn: z.string(), ...invBelopp }),
      }),
    )
    .min(1),
  text: ProseSchema.optional(),
});

export const EkonomiSchema = z.strictObject({
  resultaträkning: ResultatrakningSchema,
  driftredovisning: DriftredovisningSchema.optional(),
  investeringsredovisning: InvesteringsredovisningSchema.optional(),
});

// ---------------------------------------------------------------------------------------------
// Internkontroll

export const KontrollmomentSchema = z.strictObject({
  id,
  text: z.string(),
  bedömning: KontrollBedomning,
  resultat: ProseSchema.optional(),
  åtgärd: ProseSchema.optional(),
});

export const RiskSchema = z.strictObject({
  id,
  risk: z.string().describe('Riskens beskrivning'),
  kort: z.string().optional().describe('Kort namn i sammanfattningen (standard: risktexten)'),
  hantera: z.boolean().default(true).describe('Hantera risk?'),
  sannolikhet: z.number().int().min(1).max(5),
  konsekvens: z.number().int().min(1).max(5),
  riskvärde: z.number().int().optional().describe('Sannolikhet × konsekvens; beräknas, anges bara för att kontrolleras'),
  kontrollmoment: z.array(KontrollmomentSchema).default([]),
  kommentar: ProseSchema.optional().describe('Kommentar från verksamhetsplan när risken saknar kontrollmoment'),
});

export const InternkontrollSchema = z.strictObject({
  rubrik: z.string().default('Intern styrning och kontroll'),
  text: ProseSchema.optional(),
  mål: z
    .array(
      z.strictObject({
        id,
        namn: z.string().describe('4-årigt strategiskt mål'),
        perspektiv: z.string().describe('Id för ett perspektiv i målstrukturen'),
        risker: z.array(RiskSchema).min(1),
      }),
    )
    .min(1),
});

// ---------------------------------------------------------------------------------------------
// Personal

const konsFordelning = z.strictObject({
  kvinnor: z.number().int().min(0),
  män: z.number().int().min(0),
  totalt: z.number().int().min(0).optional().describe('Beräknas; anges bara för att kontrolleras'),
});

export const PersonalSchema = z.strictObject({
  anställda: konsFordelning.extend({ id }).optional().describe('Antal anställda'),
  sjukfrånvaro: z
    .array(
      z.strictObject({
        id,
        period: z.string(),
        typ: z.enum(['R12', 'period', 'helår']).default('period'),
        totalt: z.number().optional().describe('Procent'),
        kvinnor: z.number().optional(),
        män: z.number().optional(),
      }),
    )
    .default([]),
  nyckeltal: z
    .array(
      z.strictObject({
        id,
        namn: z.string(),
        period: z.string(),
        värde: z.number(),
        enhet: z.string().default('antal'),
        decimaler: z.number().int().min(0).max(4).optional().describe('Decimaler vid visning (standard: som värdet är skrivet)'),
      }),
    )
    .default([]),
});

// ---------------------------------------------------------------------------------------------
// Bilaga: Plan för klimat (aktiviteter per fokusområde)

export const KlimatplanSchema = z.strictObject({
  id,
  rubrik: z.string(),
  underrubrik: z.string().optional(),
  fokusområden: z
    .array(
      z.strictObject({
        id,
        namn: z.string(),
        aktiviteter: z
          .array(
            z.strictObject({
              id,
              titel: z.string(),
              status: KlimatStatus,
              färdiggrad: z.number().int().min(0).max(100).optional(),
              kommentar: ProseSchema.optional(),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});

// ---------------------------------------------------------------------------------------------
// The report

export const RapportTyp = z.enum(['delårsrapport', 'verksamhetsberättelse']);

export const MetaShape = {
  kommun: z.string(),
  nämnd: z.strictObject({ namn: z.string(), förkortning: z.string() }),
  förvaltning: z.strictObject({ namn: z.string(), förkortning: z.string().optional() }),
  rapport: z
    .strictObject({
      typ: RapportTyp,
      nummer: z.number().int().min(1).max(3).optional().describe('Delårsrapportens nummer (1–3)'),
      år: z.number().int().min(2000).max(2100),
      period: z.strictObject({ från: date, till: date }),
      status: z.string().optional().describe('Arbetsstatus, t.ex. "Påbörjad"'),
    })
    .describe('Rapporttyp och period'),
  dnr: z.string().describe('Diarienummer'),
  paragraf: z.number().int().optional().describe('Protokollsparagraf när nämnden fattat beslut'),
  beslutsdatum: date.optional(),
  förslag_till_beslut: z.array(z.string()).min(1),
  beslut: z.array(z.string()).optional().describe('Nämndens beslut (standard: förslaget till beslut)'),
  mottagare: z.array(z.string()).min(1).describe('Beslutet skickas till'),
  undertecknare: z
    .array(z.strictObject({ namn: z.string(), titel: z.string(), organisation: z.string().optional() }))
    .min(1),
  ärendebeskrivning: z
    .array(z.strictObject({ rubrik: z.string().optional(), text: ProseSchema }))
    .min(1),
  sammanfattning: ProseSchema,
};

export const SectionShape = {
  mål: z.strictObject({ perspektiv: z.array(PerspektivSchema).min(1) }),
  personal: PersonalSchema.optional(),
  ekonomi: EkonomiSchema,
  internkontroll: InternkontrollSchema.optional(),
  bilagor: z.array(KlimatplanSchema).default([]),
};

export const ReportSchema = z.strictObject({ ...MetaShape, ...SectionShape });

/** What one file of a report folder may contain: any subset of the report's top-level keys. */
export const FragmentSchema = ReportSchema.partial();

export type Report = z.output<typeof ReportSchema>;
export type ReportInput = z.input<typeof ReportSchema>;
export type Perspektiv = Report['mål']['perspektiv'][number];
export type Processomrade = Perspektiv['processområden'][number];
export type Huvudprocess = Processomrade['huvudprocesser'][number];
export type Processmal = Processomrade['processmål'][number];
export type Atagande = Processomrade['åtaganden'][number];
export type Indikator = z.output<typeof IndikatorSchema>;
export type IndikatorUtfall = z.output<typeof IndikatorUtfallSchema>;
export type Resultatrakning = z.output<typeof ResultatrakningSchema>;
export type RrRad = z.output<typeof RrRadSchema>;
export type Driftredovisning = z.output<typeof DriftredovisningSchema>;
export type Investeringsredovisning = z.output<typeof InvesteringsredovisningSchema>;
export type Internkontroll = z.output<typeof InternkontrollSchema>;
export type Risk = z.output<typeof RiskSchema>;
export type Personal = z.output<typeof PersonalSchema>;
export type Klimatplan = z.output<typeof KlimatplanSchema>;
export type Prose = z.output<typeof ProseSchema>;
