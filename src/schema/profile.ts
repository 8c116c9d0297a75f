/**
 * The organisation profile (profil.yaml): everything in which kommuner differ — goal hierarchy,
 * assessment scales, column labels per report type, sign conventions and rule severities — as data.
 * See docs/profil.md.
 */
import { z } from 'zod';
import { KRAV, type Krav } from './absent.js';

const KEY_PATTERN = /^[a-zåäö][a-zåäö0-9_]*$/;
const key = z.string().regex(KEY_PATTERN, 'nyckeln skrivs med gemena bokstäver, siffror och _');
/** A record keyed by `key`: a key of the wrong form is named in Swedish (zod says "Invalid key in record"). */
const keyed = { error: (issue: { code?: string; input?: unknown }) => (issue.code === 'invalid_key' ? `nyckeln "${String(issue.input)}" skrivs med gemena bokstäver, siffror och _` : undefined) };

/** A text that may differ by tense: a delårsrapport forecasts ("Uppnås"), a verksamhetsberättelse reports ("Uppnått"). */
export const TempusText = z.union([
  z.string().min(1),
  z.strictObject({
    delår: z.string().min(1).describe('Formen i delårsrapporter (prognos), t.ex. "Uppnås"'),
    helår: z.string().min(1).describe('Formen i verksamhetsberättelser (utfall), t.ex. "Uppnått"'),
  }),
]);

export const ScaleValueSchema = z.strictObject({
  text: TempusText.describe('Texten som visas bredvid symbolen'),
  mening: TempusText.optional().describe('Predikat i genererade meningar, t.ex. "bedöms uppnå resultatmålen"'),
  symbol: z.string().min(1).max(3).describe('Symbolen som visas bredvid texten, 1–3 tecken, t.ex. ●'),
  färg: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'färgen skrivs #rrggbb').describe('Symbolens färg #rrggbb; minst 4,5:1 mot vitt (profil.kontrast)'),
  förklaring: z.string().min(1).describe('Mening i Förklaring symboler'),
});

export const ScaleSchema = z.strictObject({
  namn: z.string().min(1).describe('Rubrik i Förklaring symboler'),
  intro: z.string().optional().describe('Valfri text under skalans rubrik i Förklaring symboler, t.ex. "Bedömningen grundas på en sammanvägd bedömning …"'),
  ej_bedömd: key
    .optional()
    .describe('Skalans värde för "kan ej bedömas / ej bedömd", när skalan har ett; måste finnas bland värdena. Det skrivs bara när rapporten säger det – en uppgift som saknas skrivs "uppgift saknas"'),
  värden: z.record(key, ScaleValueSchema, keyed).describe('Skalans värden i ordning, bäst först'),
});

const FIELDS = ['bedömning', 'trend', 'status'] as const;
export type ScaledField = (typeof FIELDS)[number];
export const SCALED_FIELDS = FIELDS;

/** The fields of a goal node whose requirement the profile sets (besides id and namn, which every node has). */
export const NODE_KRAV_FIELDS = [...FIELDS, 'färdiggrad', 'ansvar', 'kommentar.datum'] as const;
export type NodeKravField = (typeof NODE_KRAV_FIELDS)[number];

const KravSchema = z.enum(KRAV).describe('krävs: ett värde; anges: ett värde eller "uppgift saknas"; valfritt: får också utelämnas');

export const LevelSchema = z.strictObject({
  namn: z.string().min(1).describe('Nivåns namn i singular, t.ex. "Nämndmål"'),
  rubrik: z.string().optional().describe('Rubrikmall för en nod; {namn} ersätts med nodens namn'),
  bestämd: z.string().optional().describe('Bestämd form i genererade meningar, t.ex. "Nämndmålet"'),
  visning: z
    .enum(['avsnitt', 'tabell'])
    .default('avsnitt')
    .describe('avsnitt (standard): egen rubrik med bedömningsrad, text och undernivåer; tabell: en rad i en statustabell med kommentar'),
  undernivåer: z.array(key).default([]).describe('Nivåerna direkt under denna, i den ordning de visas (standard: inga)'),
  bedömning: key.optional().describe('Skala för nodens bedömning'),
  trend: key.optional().describe('Skala för nodens trend'),
  status: key.optional().describe('Skala för nodens status'),
  valfria: z.array(z.enum(NODE_KRAV_FIELDS)).default([]).describe('Fält som noden får utelämna (samma som krav: valfritt)'),
  krav: z
    .partialRecord(z.enum(NODE_KRAV_FIELDS), KravSchema)
    .default({})
    .describe('Hur nivåns fält ska anges: krävs, anges (standard; ett värde eller "uppgift saknas") eller valfritt'),
  färdiggrad: z
    .union([z.literal(true), z.array(z.number().int().min(0).max(100)).min(2)])
    .optional()
    .describe('Nodens färdiggrad: true (heltal 0–100 %) eller de tillåtna stegen, t.ex. [0, 20, 40, 60, 80, 100]; utelämnad: ingen färdiggrad'),
  ansvar: z.boolean().default(false).describe('true: noden har en ansvarslista, t.ex. ansvar: [KS, alla nämnder och bolag]'),
  katalog: z.boolean().default(false).describe('true: noden kan peka på ett åtagande i kommunens katalog (kommun.yaml) med katalog: <id>'),
  indikatorer: z.boolean().default(false).describe('true: noden kan ha indikatorer'),
  sammanställning: z
    .boolean()
    .default(false)
    .describe('true: noden kan ange sammanställning: <nivå> (eller { nivå, ordning, rubrik }) och får då en tabell i sammanställningen'),
});

const TeckenSchema = z.strictObject({
  kostnader: z.enum(['negativa', 'positiva']).describe('negativa: kostnader skrivs med minus; positiva: nettokostnader som positiva tal'),
  avvikelse: z.enum(['utfall-budget', 'budget-utfall']).describe('Hur avvikelser räknas'),
});
export type Tecken = z.output<typeof TeckenSchema>;
export { TeckenSchema };

const DEFAULT_TECKEN = { kostnader: 'negativa', avvikelse: 'utfall-budget' } as const;
/** A table kind's sign convention in the profile, with the default. */
const teckenFor = (tabell: string) =>
  TeckenSchema.default(DEFAULT_TECKEN).describe(`Teckenkonventionen för ${tabell} när tabellen inte anger egen (standard kostnader: negativa, avvikelse: utfall-budget)`);

export const TABLE_KINDS = ['resultaträkning', 'driftredovisning', 'investeringsredovisning', 'sammandrag'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

export const Severity = z.enum(['fel', 'varning', 'not', 'av']);

/** Fields outside the goal tree whose requirement the profile sets, with the defaults. */
export const ENTITY_KRAV = {
  indikator: { riktning: 'valfritt', enhet: 'valfritt' },
  risk: { sannolikhet: 'anges', konsekvens: 'anges', hantera: 'valfritt' },
  kontrollmoment: { bedömning: 'anges' },
  aktivitet: { status: 'anges', färdiggrad: 'valfritt' },
} as const satisfies Record<string, Record<string, Krav>>;
export type KravEntity = keyof typeof ENTITY_KRAV;

const entityKrav = <E extends KravEntity>(entity: E) =>
  z
    .partialRecord(z.enum(Object.keys(ENTITY_KRAV[entity]) as [string, ...string[]]), KravSchema)
    .default({})
    .describe(`Krav för ${entity}: ${Object.entries(ENTITY_KRAV[entity]).map(([k, v]) => `${k} (standard ${v})`).join(', ')}`);

const RapportTypSchema = z.strictObject({
  kolumner: z.record(z.string(), z.string()).default({}).describe('Kolumnrubriker; {år}, {fg}, {månad} och {Månad} fylls i'),
  tabeller: z
    .partialRecord(z.enum(TABLE_KINDS), z.array(z.string()).min(1))
    .default({})
    .describe('Kolumner som visas när en tabell inte anger egna, per tabellslag'),
});

export const ProfileSchema = z.strictObject({
  organisation: z.string().min(1).describe('Organisationens namn, t.ex. "Linköpings kommun"'),
  kommunkod: z
    .string()
    .regex(/^\d{4}$/, 'kommunkoden är fyra siffror, t.ex. "0580"')
    .optional()
    .describe('Kommunkoden hos SCB och Kolada, fyra siffror inom citattecken, t.ex. "0580" (valfri)'),
  tema: z.string().regex(/\.ya?ml$/, 'temat är en YAML-fil').optional().describe('Kommunens tema, relativt profilen'),
  målstruktur: z
    .strictObject({
      rot: z.array(key).min(1).describe('Nivåerna direkt under mål: i rapporten'),
      nivåer: z
        .record(key, LevelSchema, keyed)
        .describe('Målnivåerna per nyckel (gemener, siffror och _); varje nivå står på exakt ett ställe i rot eller i en nivås undernivåer'),
      statusräkning: z
        .strictObject({
          nivå: key.describe('Nivån vars status räknas; en nivå med status'),
          rubrik: z.string().default('Status åtaganden').describe('Avsnittets rubrik (standard "Status åtaganden")'),
          tabellrubrik: z.string().optional().describe('Tabellens rubrik, t.ex. "Antal strategiska utvecklingsuppdrag per status"'),
        })
        .optional()
        .describe('Valfri: tabellen "Status åtaganden" som räknar statusvärdena på en nivå'),
      sammanställning: z
        .strictObject({ rubrik: z.string().describe('Rubriken, t.ex. "Sammanställning av målbedömningar"') })
        .optional()
        .describe('Valfri: sammanställningen av bedömningar'),
      förklaring: z.array(key).default([]).describe('Skalor som visas under Förklaring symboler'),
    })
    .describe('Kommunens målstruktur – nivåerna under mål: i rapporten, hur de visas och vilka skalor de bedöms med'),
  skalor: z
    .record(key, ScaleSchema, keyed)
    .describe('Bedömningsskalorna per nyckel; nivåernas bedömning, trend och status pekar på dem. kontroll och aktivitet slås upp med namn (saknas de gäller standardprofilens)'),
  rapporttyper: z
    .strictObject({
      delårsrapport: RapportTypSchema.prefault({}).describe('Delårsrapportens standardkolumner och kolumnrubriker'),
      verksamhetsberättelse: RapportTypSchema.prefault({}).describe('Verksamhetsberättelsens standardkolumner och kolumnrubriker'),
    })
    .prefault({})
    .describe('Ekonomitabellernas standardkolumner och kolumnrubriker per rapporttyp'),
  tecken: z
    .strictObject({
      resultaträkning: teckenFor('resultaträkningen'),
      driftredovisning: teckenFor('driftredovisningen'),
      investeringsredovisning: teckenFor('investeringsredovisningen'),
      sammandrag: teckenFor('sammandraget'),
    })
    .prefault({})
    .describe('Teckenkonventionen per tabellslag, för tabeller som inte anger tecken: själva'),
  krav: z
    .strictObject({
      indikator: entityKrav('indikator'),
      risk: entityKrav('risk'),
      kontrollmoment: entityKrav('kontrollmoment'),
      aktivitet: entityKrav('aktivitet'),
    })
    .prefault({})
    .describe('Hur fälten utanför målstrukturen ska anges: krävs, anges eller valfritt'),
  indikatortabell: z
    .strictObject({
      förändring: z.boolean().default(true).describe('Kolumnen Förändring (mot föregående period) i indikatortabellerna'),
      når_målet: z.boolean().default(true).describe('Kolumnen Når målet i indikatortabellerna'),
    })
    .prefault({})
    .describe('Kolumner som verktyget räknar fram i indikatortabellerna; av när kommunens rapporter inte trycker dem'),
  internkontroll: z
    .strictObject({
      mål: z.string().min(1).optional().describe('Text under varje mål i internkontrollen, t.ex. "4-årigt strategiskt mål" (standard: ingen)'),
      sammanfattning: z.string().min(1).default('Resultat av kontrollerna').describe('Rubriken över kontrollmomentens resultat'),
      kommentar: z.string().min(1).default('Kommentar').describe('Rubriken för en risks kommentar, t.ex. "Kommentar från verksamhetsplan"'),
    })
    .prefault({})
    .describe('Kommunens ord i avsnittet om intern kontroll'),
  lag: z
    .strictObject({
      balanskrav: z
        .enum(['kommun', 'nämnd'])
        .default('kommun')
        .describe('Vem som bedömer balanskravet: kommun (standard; kommunen som helhet, KL 11 kap.) eller nämnd (nämndens delårsrapport ska bedöma det, regeln lag.balanskrav)'),
    })
    .prefault({})
    .describe('Hur lagkraven tillämpas på kommunens nämndrapporter'),
  regler: z.record(z.string(), Severity).default({}).describe('Allvarlighetsgrad per regelkod: fel, varning, not eller av'),
});

export type ProfileData = z.output<typeof ProfileSchema>;
export type Level = z.output<typeof LevelSchema>;
export type Scale = z.output<typeof ScaleSchema>;
export type ScaleValueData = z.output<typeof ScaleValueSchema>;
