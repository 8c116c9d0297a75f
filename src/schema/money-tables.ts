/** The ekonomi section: one schema per money table kind (resultaträkning, driftredovisning, investeringsredovisning, sammandrag); a new kind goes here and in TABLE_KINDS (profile.ts). */
import { z } from 'zod';
import { type TableKind, TeckenSchema } from './profile.js';
import { id, ProseSchema } from './fields.js';
import { belopp, columnEnum, Enhet, fieldsOf, moneyTableFields, ownColumns, type Row, sammaSom, withOwnColumns } from './money-columns.js';
import { sectionText } from './sections.js';

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

export type Resultatrakning = z.output<typeof ResultatrakningSchema>;
export type RrRad = z.output<typeof RrRadSchema>;
export type Driftredovisning = z.output<typeof DriftredovisningSchema>;
export type Investeringsredovisning = z.output<typeof InvesteringsredovisningSchema>;
export type Sammandrag = z.output<typeof SammandragSchema>;
