/**
 * A deterministic synthetic kommun for benchmarks (issue 7): a profil.yaml and N nämnd reports of
 * realistic shape (~50 PDF pages each), grown from the Servicenämnden example with a seeded PRNG.
 *
 *   npm run gen:corpus -- --namnder 20 [--out corpus]
 *
 * Every report passes `rapport check` with 0 errors: the economy is generated bottom-up (drift units
 * first, the resultaträkning's posts chosen so that every summa, resultat and drift.rr comparison
 * foots exactly), riskvärde = sannolikhet × konsekvens, and ids are unique per report. The same
 * arguments always give byte-identical files (no Math.random, no clock).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Document, isMap, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '..');
const KOMMUN = path.join(ROOT, 'examples', 'eskilstuna');
const EXAMPLE = path.join(KOMMUN, 'servicenamnden-dr2-2023');
const MARKER = '.gen-corpus';
const TOTAL_ATAGANDEN = 30;
const TO_STRING = { lineWidth: 0, blockQuote: 'literal' } as const;

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv: string[]): { namnder: number; out: string } {
  let namnder = 20;
  let out = 'corpus';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = argv[i + 1];
    if (a === '--namnder' && value !== undefined) {
      namnder = Number(value);
      i++;
    } else if (a === '--out' && value !== undefined) {
      out = value;
      i++;
    } else if (a === '-h' || a === '--help') {
      console.log('användning: npm run gen:corpus -- [--namnder N] [--out mapp]');
      process.exit(0);
    } else {
      console.error(`okänd flagga: ${a ?? ''}\nanvändning: npm run gen:corpus -- [--namnder N] [--out mapp]`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(namnder) || namnder < 1 || namnder > 99) {
    console.error('--namnder ska vara ett heltal 1–99');
    process.exit(2);
  }
  return { namnder, out: path.resolve(out) };
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: a small, fast 32-bit PRNG; the same seed always gives the same sequence. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T;
  }
  /** k distinct elements, in a random order. */
  sample<T>(xs: readonly T[], k: number): T[] {
    const pool = [...xs];
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
    }
    return pool.slice(0, Math.min(k, pool.length));
  }
}

// ---------------------------------------------------------------------------------------------
// Nämnder

interface Namnd {
  namn: string;
  forkortning: string;
  forvaltning: string;
  forvForkortning: string;
}

const NAMNDER: readonly Namnd[] = [
  { namn: 'Barn- och utbildningsnämnden', forkortning: 'BUN', forvaltning: 'Barn- och utbildningsförvaltningen', forvForkortning: 'BUF' },
  { namn: 'Vård- och omsorgsnämnden', forkortning: 'VON', forvaltning: 'Vård- och omsorgsförvaltningen', forvForkortning: 'VOF' },
  { namn: 'Socialnämnden', forkortning: 'SON', forvaltning: 'Socialförvaltningen', forvForkortning: 'SF' },
  { namn: 'Arbetsmarknads- och vuxenutbildningsnämnden', forkortning: 'AVN', forvaltning: 'Arbetsmarknads- och vuxenutbildningsförvaltningen', forvForkortning: 'AVF' },
  { namn: 'Kultur- och fritidsnämnden', forkortning: 'KFN', forvaltning: 'Kultur- och fritidsförvaltningen', forvForkortning: 'KFF' },
  { namn: 'Stadsbyggnadsnämnden', forkortning: 'SBN', forvaltning: 'Stadsbyggnadsförvaltningen', forvForkortning: 'SBF' },
  { namn: 'Miljö- och räddningstjänstnämnden', forkortning: 'MRN', forvaltning: 'Miljö- och räddningstjänstförvaltningen', forvForkortning: 'MRF' },
  { namn: 'Tekniska nämnden', forkortning: 'TEN', forvaltning: 'Tekniska förvaltningen', forvForkortning: 'TEF' },
  { namn: 'Servicenämnden', forkortning: 'SEN', forvaltning: 'Serviceförvaltningen', forvForkortning: 'SEF' },
  { namn: 'Förskolenämnden', forkortning: 'FSN', forvaltning: 'Förskoleförvaltningen', forvForkortning: 'FSF' },
  { namn: 'Grundskolenämnden', forkortning: 'GSN', forvaltning: 'Grundskoleförvaltningen', forvForkortning: 'GSF' },
  { namn: 'Gymnasienämnden', forkortning: 'GYN', forvaltning: 'Gymnasieförvaltningen', forvForkortning: 'GYF' },
  { namn: 'Äldrenämnden', forkortning: 'ÄLN', forvaltning: 'Äldreförvaltningen', forvForkortning: 'ÄLF' },
  { namn: 'Funktionsstödsnämnden', forkortning: 'FSTN', forvaltning: 'Funktionsstödsförvaltningen', forvForkortning: 'FSTF' },
  { namn: 'Idrotts- och föreningsnämnden', forkortning: 'IFN', forvaltning: 'Idrotts- och föreningsförvaltningen', forvForkortning: 'IFF' },
  { namn: 'Fastighetsnämnden', forkortning: 'FAN', forvaltning: 'Fastighetsförvaltningen', forvForkortning: 'FAF' },
  { namn: 'Byggnadsnämnden', forkortning: 'BYN', forvaltning: 'Byggnadsförvaltningen', forvForkortning: 'BYF' },
  { namn: 'Överförmyndarnämnden', forkortning: 'ÖFN', forvaltning: 'Överförmyndarförvaltningen', forvForkortning: 'ÖFF' },
  { namn: 'Samhällsbyggnadsnämnden', forkortning: 'SHN', forvaltning: 'Samhällsbyggnadsförvaltningen', forvForkortning: 'SHF' },
  { namn: 'Lantmäterinämnden', forkortning: 'LMN', forvaltning: 'Lantmäteriförvaltningen', forvForkortning: 'LMF' },
  { namn: 'Gatu- och parknämnden', forkortning: 'GPN', forvaltning: 'Gatu- och parkförvaltningen', forvForkortning: 'GPF' },
  { namn: 'Krisledningsnämnden', forkortning: 'KLN', forvaltning: 'Kommunledningsförvaltningen', forvForkortning: 'KLF' },
  { namn: 'Valnämnden', forkortning: 'VAN', forvaltning: 'Kansliförvaltningen', forvForkortning: 'KAF' },
  { namn: 'Räddningsnämnden', forkortning: 'RÄN', forvaltning: 'Räddningstjänsten', forvForkortning: 'RTJ' },
  { namn: 'Näringslivsnämnden', forkortning: 'NLN', forvaltning: 'Näringslivsförvaltningen', forvForkortning: 'NLF' },
];

function namndFor(index: number): Namnd {
  const base = NAMNDER[index % NAMNDER.length] as Namnd;
  const round = Math.floor(index / NAMNDER.length);
  if (round === 0) return base;
  return { ...base, namn: `${base.namn} ${round + 1}`, forkortning: `${base.forkortning}${round + 1}` };
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

// ---------------------------------------------------------------------------------------------
// Swedish prose from fixed word lists

const SUBJEKT = [
  'Förvaltningen', 'Enheten', 'Nämnden', 'Verksamheten', 'Ledningsgruppen', 'Arbetsgruppen', 'Styrgruppen',
  'Medarbetarna', 'Cheferna', 'Processägaren', 'Utvecklingsenheten', 'Kvalitetsteamet', 'Projektgruppen',
];
const VERB = [
  'har fortsatt arbetet med', 'har påbörjat', 'följer upp', 'har genomfört', 'planerar', 'utvecklar',
  'har slutfört', 'utvärderar', 'samordnar', 'prioriterar', 'ser över', 'har förankrat', 'dokumenterar',
];
const OBJEKT = [
  'rutinerna för intern kontroll', 'den digitala ärendehanteringen', 'kompetensförsörjningen',
  'samverkan med civilsamhället', 'uppföljningen av kvalitetsindikatorer', 'arbetsmiljöarbetet',
  'budgetprocessen', 'lokalförsörjningsplanen', 'kunddialogerna', 'arbetet med tillitsbaserad styrning',
  'informationssäkerheten', 'upphandlingen av nytt verksamhetssystem', 'den långsiktiga planen för miljö',
  'introduktionen av nyanställda', 'krisberedskapen', 'jämställdhetsintegreringen', 'energieffektiviseringen',
  'arbetet med ständiga förbättringar', 'dataskyddsorganisationen', 'rekryteringsprocessen',
];
const ADVERBIAL = [
  'under våren', 'inför hösten', 'tillsammans med kommunledningskontoret', 'i dialog med brukarna',
  'enligt den beslutade planen', 'i samverkan med andra förvaltningar', 'med stöd av externa experter',
  'inom ramen för budgeten', 'trots en ansträngd bemanning', 'i hela organisationen', 'under första halvåret',
  'på samtliga arbetsplatser', 'i nära samarbete med fackliga företrädare',
];
const KONSEKVENS = [
  'vilket ger bättre förutsättningar för en likvärdig service', 'vilket har minskat handläggningstiderna',
  'vilket stärker uppföljningen av verksamhetens resultat', 'vilket bedöms ge effekt under nästa år',
  'vilket har tagits emot positivt av medarbetarna', 'vilket kräver fortsatt uppmärksamhet',
  'vilket bidrar till en ekonomi i balans', 'vilket gör att fler invånare får stöd i rätt tid',
];
const FRISTAENDE = [
  'Resultatet följs upp vid nästa delårsrapport.', 'Arbetet bedöms vara klart före årets slut.',
  'En fördjupad analys redovisas i verksamhetsberättelsen.', 'Erfarenheterna sprids till övriga enheter.',
  'Flera av aktiviteterna har genomförts tidigare än planerat.', 'Några aktiviteter har skjutits upp till nästa år.',
  'Uppföljningen visar att arbetssättet fungerar väl.', 'Det finns fortfarande utmaningar som behöver hanteras.',
];

function sentence(rng: Rng): string {
  const kind = rng.int(0, 9);
  if (kind === 0) return rng.pick(FRISTAENDE);
  if (kind === 1) return `Andelen har förändrats med ${rng.int(1, 19)} procent jämfört med samma period föregående år.`;
  const core = `${rng.pick(SUBJEKT)} ${rng.pick(VERB)} ${rng.pick(OBJEKT)} ${rng.pick(ADVERBIAL)}`;
  return kind < 6 ? `${core}, ${rng.pick(KONSEKVENS)}.` : `${core}.`;
}

function paragraph(rng: Rng, min = 4, max = 7): string {
  const n = rng.int(min, max);
  return Array.from({ length: n }, () => sentence(rng)).join(' ');
}

/** Paragraphs separated by blank lines, ending in a newline (a YAML block literal). */
function prose(rng: Rng, paragraphs: number): string {
  return `${Array.from({ length: paragraphs }, () => paragraph(rng)).join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Numbers: money is generated in tenths of mnkr (integers), so every sum is exact.

/** A YAML number printed with one decimal (498.0, not 498): the tolerance is read from the text. */
function mnkr(tenths: number): Scalar {
  const s = new Scalar(tenths / 10);
  s.minFractionDigits = 1;
  return s;
}

function decimal(value: number, decimals: number): Scalar {
  const s = new Scalar(Number(value.toFixed(decimals)));
  s.minFractionDigits = decimals;
  return s;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

// ---------------------------------------------------------------------------------------------
// ekonomi.yaml

const RR_KOLUMNER = ['utfall_fg', 'utfall', 'budget', 'prognos', 'budget_helår'] as const;
type RrKolumn = (typeof RR_KOLUMNER)[number];
type Belopp = Record<RrKolumn, number>;

const ENHETSNAMN = [
  'Administration', 'Ekonomi', 'HR', 'Kommunikation', 'IT', 'Kundtjänst', 'Planering', 'Lokaler', 'Städ',
  'Måltid', 'Transport', 'Upphandling', 'Registratur', 'Bemanning', 'Kvalitet', 'Utveckling', 'Stöd',
  'Analys', 'Arkiv', 'Säkerhet', 'Service', 'Projekt', 'Drift', 'Förvaltning',
];

function ekonomi(rng: Rng, namnd: Namnd): Document {
  // Drift units first: their sums are the resultaträkning's summa (drift.rr).
  const k = rng.int(8, 12);
  const units = Array.from({ length: k }, (_, i) => {
    const budgetHelar = rng.int(-600, 600);
    const prognos = budgetHelar + rng.int(-45, 45);
    const budget = Math.round((budgetHelar * 8) / 12);
    const utfall = budget + rng.int(-40, 40);
    const id = i === 0 ? 'nls' : `omrade-${i}`;
    const namn = i === 0 ? 'Nämnd, Ledning och Stöd' : `Område ${i}`;
    return { id, namn, utfall, budget, prognos, budgetHelar, omfattar: i === 0 ? [] : rng.sample(ENHETSNAMN, rng.int(2, 5)) };
  });
  const total = {
    utfall: sum(units.map((u) => u.utfall)),
    budget: sum(units.map((u) => u.budget)),
    prognos: sum(units.map((u) => u.prognos)),
    budget_helår: sum(units.map((u) => u.budgetHelar)),
    utfall_fg: rng.int(-200, 200),
  } satisfies Belopp;

  // Resultaträkning: costs, finansnetto and över-/underskott at random, revenue is what makes the total.
  const yearScale = rng.int(3000, 12000); // tenths of mnkr, a year's gross cost
  const scale: Belopp = {
    utfall_fg: Math.round((yearScale * 0.95 * 8) / 12),
    utfall: Math.round((yearScale * 8) / 12),
    budget: Math.round((yearScale * 8) / 12),
    prognos: yearScale,
    budget_helår: yearScale,
  };
  const costRows = [
    { id: 'personalkostnader', namn: 'Personalkostnader', share: 0.55 },
    { id: 'lokalkostnader', namn: 'Lokalkostnader', share: 0.1 },
    { id: 'kop-av-verksamhet', namn: 'Köp av verksamhet', share: 0.12 },
    { id: 'kapitalkostnader', namn: 'Kapitalkostnader', share: 0.05 },
    { id: 'ovriga-kostnader', namn: 'Övriga kostnader', share: 0.18 },
  ];
  const costs = costRows.map((row) => {
    const b = {} as Belopp;
    for (const c of RR_KOLUMNER) b[c] = -Math.round(scale[c] * row.share * (0.95 + rng.next() * 0.1));
    return { ...row, belopp: b };
  });
  const finans = {} as Belopp;
  const overUnder = {} as Belopp;
  for (const c of RR_KOLUMNER) {
    finans[c] = rng.int(-3, 5);
    overUnder[c] = c === 'budget' ? 0 : rng.int(0, 60);
  }
  const revenueRows = [
    { id: 'kommunersattning', namn: 'Kommunbidrag', share: 0.62 },
    { id: 'taxor-och-avgifter', namn: 'Taxor och avgifter', share: 0.13 },
    { id: 'ovriga-intakter', namn: 'Övriga intäkter', share: 0 }, // the rest
  ];
  const revenue = revenueRows.map((row) => ({ ...row, belopp: {} as Belopp }));
  const sumRevenue = {} as Belopp;
  const sumCosts = {} as Belopp;
  const resultat = {} as Belopp;
  for (const c of RR_KOLUMNER) {
    sumCosts[c] = sum(costs.map((r) => r.belopp[c]));
    resultat[c] = total[c] - overUnder[c];
    sumRevenue[c] = resultat[c] - sumCosts[c] - finans[c];
    let rest = sumRevenue[c];
    for (const row of revenue.slice(0, -1)) {
      row.belopp[c] = Math.round(sumRevenue[c] * row.share * (0.95 + rng.next() * 0.1));
      rest -= row.belopp[c];
    }
    (revenue[revenue.length - 1] as (typeof revenue)[number]).belopp[c] = rest;
  }

  const postRow = (id: string, namn: string, roll: string, b: Belopp) => ({
    id,
    namn,
    roll,
    ...Object.fromEntries(RR_KOLUMNER.map((c) => [c, mnkr(b[c])])),
  });
  const sumRow = (id: string, namn: string, roll: string, b: Belopp) => ({
    id,
    namn,
    roll,
    utfall_fg: mnkr(b.utfall_fg),
    utfall: mnkr(b.utfall),
    budget: mnkr(b.budget),
    budgetavvikelse: mnkr(b.utfall - b.budget),
    prognos: mnkr(b.prognos),
    budget_helår: mnkr(b.budget_helår),
    prognosavvikelse: mnkr(b.prognos - b.budget_helår),
  });

  const resultatrakning = {
    id: 'resultatrakning',
    rubrik: 'Resultaträkning',
    underrubrik: 'Projekt: Drift + driftprojekt',
    enhet: 'mnkr',
    visning: { decimaler: 1 },
    kolumner: ['utfall_fg', 'utfall', 'budget', 'budgetavvikelse', 'prognos', 'prognosavvikelse'],
    rader: [
      ...revenue.map((r) => postRow(r.id, r.namn, 'intäkt', r.belopp)),
      sumRow('summa-intakter', 'Summa INTÄKTER', 'summa_intäkter', sumRevenue),
      ...costs.map((r) => postRow(r.id, r.namn, 'kostnad', r.belopp)),
      sumRow('summa-kostnader', 'Summa KOSTNADER', 'summa_kostnader', sumCosts),
      postRow('finansnetto', 'FINANSNETTO', 'finansnetto', finans),
      sumRow('resultat', 'Summa ÅRETS RESULTAT exkl över-/underskott', 'resultat', resultat),
      postRow('over-underskott', 'Över-/underskott', 'över_underskott', overUnder),
      sumRow('summa-rr', 'Summa RR verksamhetsrapportering', 'summa', total),
    ],
  };

  const driftredovisning = {
    id: 'driftredovisning',
    rubrik: 'Driftredovisning - underliggande enheter',
    underrubrik: 'Projekt: Drift + driftprojekt',
    enhet: 'mnkr',
    visning: { decimaler: 1 },
    kolumner: ['utfall', 'budget', 'budgetavvikelse', 'prognos', 'budget_helår', 'prognosavvikelse'],
    text: `Nämnden prognostiserar ett utfall på {{belopp summa-rr.prognos tecken=true}} inklusive uttag ur resultatfond med {{belopp over-underskott.prognos tecken=true}}.\n\nExklusive resultatfonden är prognostiserade utfallet {{belopp resultat.prognos}}. ${paragraph(rng, 3, 5)}\n`,
    enheter: units.map((u) => ({
      id: u.id,
      namn: u.namn,
      ...(u.omfattar.length > 0 ? { omfattar: u.omfattar } : {}),
      utfall: mnkr(u.utfall),
      budget: mnkr(u.budget),
      prognos: mnkr(u.prognos),
      budget_helår: mnkr(u.budgetHelar),
      förklaring: `${u.namn} prognostiserar en avvikelse mot budget på {{belopp ${u.id}.prognosavvikelse tecken=true}} och en budgetavvikelse per augusti på {{belopp ${u.id}.budgetavvikelse tecken=true}}. ${paragraph(rng, 4, 7)}\n\n${paragraph(rng, 3, 5)}\n`,
    })),
    summa: {
      id: 'summa-drift',
      namn: `Summa ${namnd.namn}`,
      utfall: mnkr(total.utfall),
      budget: mnkr(total.budget),
      budgetavvikelse: mnkr(total.utfall - total.budget),
      prognos: mnkr(total.prognos),
      budget_helår: mnkr(total.budget_helår),
      prognosavvikelse: mnkr(total.prognos - total.budget_helår),
    },
  };

  // Investeringar: two groups of projects, every column present, group sums derived from the rows.
  const grupper = [
    { id: 'investeringar-lokaler', namn: 'Lokaler och inventarier' },
    { id: 'investeringar-it', namn: 'IT och digitalisering' },
  ].map((g, gi) => {
    const projekt = Array.from({ length: rng.int(2, 4) }, (_, pi) => {
      const projektbudget = -rng.int(20, 400);
      const prognosProjekt = projektbudget + rng.int(-20, 20);
      const utfallAck = -rng.int(5, -projektbudget);
      const budgetHelar = -rng.int(10, 150);
      const prognosHelar = budgetHelar + rng.int(-10, 40);
      const utfall = -rng.int(0, -budgetHelar);
      return {
        id: `inv-${gi + 1}-${pi + 1}`,
        namn: `${rng.pick(['Ombyggnad', 'Utbyte', 'Införande', 'Upprustning', 'Anskaffning'])} ${rng.pick(['av lokaler', 'av verksamhetssystem', 'av inventarier', 'av fordon', 'av nätverk', 'av utemiljö'])} etapp ${pi + 1}`,
        b: { utfallAck, projektbudget, prognosProjekt, budgetHelar, utfall, prognosHelar },
      };
    });
    const s = (f: (p: (typeof projekt)[number]['b']) => number) => sum(projekt.map((p) => f(p.b)));
    return {
      id: g.id,
      namn: g.namn,
      projekt: projekt.map((p) => ({
        id: p.id,
        namn: p.namn,
        utfall_ack_totalt: mnkr(p.b.utfallAck),
        projektbudget: mnkr(p.b.projektbudget),
        prognos_projekt: mnkr(p.b.prognosProjekt),
        budget_helår: mnkr(p.b.budgetHelar),
        utfall: mnkr(p.b.utfall),
        prognos_helår: mnkr(p.b.prognosHelar),
      })),
      summa: {
        id: `summa-${g.id}`,
        namn: `Summa ${g.namn.toLowerCase()}`,
        utfall_ack_totalt: mnkr(s((b) => b.utfallAck)),
        projektbudget: mnkr(s((b) => b.projektbudget)),
        budget_helår: mnkr(s((b) => b.budgetHelar)),
        utfall: mnkr(s((b) => b.utfall)),
        prognos_helår: mnkr(s((b) => b.prognosHelar)),
      },
    };
  });
  const investeringsredovisning = {
    id: 'investeringsredovisning',
    rubrik: 'Investeringsredovisning',
    enhet: 'mnkr',
    visning: { decimaler: 1 },
    kolumner: ['utfall_ack_totalt', 'projektbudget', 'prognosavvikelse_projekt', 'budget_helår', 'utfall', 'prognosavvikelse'],
    grupper,
    text: prose(rng, 1),
  };

  return new Document({
    ekonomi: {
      resultaträkning: resultatrakning,
      driftredovisning: [driftredovisning],
      investeringsredovisning: [investeringsredovisning],
      balanskrav:
        'Nämndens prognos för helåret är ett resultat på {{belopp summa-rr.prognos}}, en avvikelse mot budgetkravet med {{belopp summa-rr.prognosavvikelse tecken=true}}. Balanskravet bedöms för kommunen som helhet i kommunens delårsrapport.\n',
    },
  });
}

// ---------------------------------------------------------------------------------------------
// mal.yaml: more processområden, åtaganden up to 30, indicators with 3–4 periods

const OMRADEN = [
  'Trygg och säker kommun', 'Livslångt lärande', 'Attraktiva boendemiljöer', 'Digital service till invånarna',
  'Hållbar resursanvändning', 'Folkhälsa och delaktighet', 'Kultur och fritid för alla', 'Stöd till barn och unga',
  'Effektiv lokalförsörjning', 'Kompetensförsörjning', 'Informationshantering', 'Ledarskap och medarbetarskap',
];
const INDIKATORNAMN = [
  'Andel nöjda brukare', 'Andel ärenden avslutade inom tre veckor', 'Andel medarbetare som rekommenderar arbetsplatsen',
  'Andel digitala ansökningar', 'Andel fossilfria fordon', 'Andel ekologiska livsmedel', 'Andel elever med godkända betyg',
  'Andel invånare som känner sig trygga', 'Andel chefer med högst 30 medarbetare', 'Andel besvarade e-postmeddelanden inom ett dygn',
];
const ANSVAR = [['KS', 'alla nämnder och bolag'], ['alla nämnder'], ['KS', 'SBN', 'MRN'], ['AVN', 'alla nämnder och bolag']];
const STATUS = ['klart', 'klart', 'pågår', 'pågår', 'pågår', 'försenat', 'ej_påbörjad'];
const FARDIGGRAD = [0, 20, 80, 100];

function datumKommentar(rng: Rng, paragraphs: number): { datum: string; text: string } {
  return { datum: '2023-08-31', text: prose(rng, paragraphs) };
}

function indikator(rng: Rng, id: string, namn: string, perioder: number, medKon: boolean): Record<string, unknown> {
  const base = rng.int(400, 850) / 10;
  const trend = rng.int(-20, 30) / 10;
  const first = 2024 - perioder;
  const utfall = Array.from({ length: perioder }, (_, i) => {
    const v = Math.min(99, Math.max(1, base + trend * i + rng.int(-15, 15) / 10));
    const value = Number(v.toFixed(1));
    if (!medKon) return { period: `jan–aug ${first + i}`, värde: decimal(value, 1) };
    // The total lies strictly between kvinnor and män (kön.intervall).
    const spread = rng.int(10, 60) / 10;
    const skew = rng.next() < 0.5 ? 1 : -1;
    return {
      period: `jan–aug ${first + i}`,
      värde: decimal(value, 1),
      kvinnor: decimal(value + skew * spread, 1),
      män: decimal(value - skew * spread, 1),
    };
  });
  return {
    id,
    namn,
    enhet: '%',
    decimaler: 1,
    mål: { riktning: 'minst', värde: decimal(Math.round(base + 5), 1) },
    källa: rng.pick([{ egen: 'Brukarenkät' }, { egen: 'Verksamhetssystemet' }, { scb: 'Medborgarundersökningen' }, 'Egen uppföljning']),
    utfall,
  };
}

function atagande(rng: Rng, id: string): Record<string, unknown> {
  const text = `${rng.pick(VERB).replace(/^har /, '').replace(/^(\p{Ll})/u, (m) => m.toUpperCase())} ${rng.pick(OBJEKT)} ${rng.pick(ADVERBIAL)} för att ${rng.pick(['stärka', 'förbättra', 'utveckla', 'säkra', 'effektivisera'])} ${rng.pick(OBJEKT)}.`;
  return {
    id,
    namn: text,
    ansvar: rng.pick(ANSVAR),
    status: rng.pick(STATUS),
    färdiggrad: rng.pick(FARDIGGRAD),
    kommentar: datumKommentar(rng, rng.int(3, 5)),
  };
}

function countAtaganden(node: unknown): number {
  if (isSeq(node)) return node.items.reduce((n: number, item) => n + countAtaganden(item), 0);
  if (!isMap(node)) return 0;
  let n = 0;
  for (const pair of node.items) {
    const key = (pair.key as Scalar | undefined)?.value;
    if (key === 'åtaganden' && isSeq(pair.value)) n += pair.value.items.length;
    else n += countAtaganden(pair.value);
  }
  return n;
}

function growMal(rng: Rng, doc: Document): void {
  const perspektiv = doc.getIn(['mål', 'perspektiv']);
  if (!isSeq(perspektiv)) throw new Error('mal.yaml: mål.perspektiv saknas');
  let toAdd = TOTAL_ATAGANDEN - countAtaganden(doc.contents);
  const omraden = rng.sample(OMRADEN, 4);
  const newAreas = omraden.length;
  let serial = 0;
  omraden.forEach((namn, ai) => {
    const p = perspektiv.items[ai % perspektiv.items.length];
    if (!isMap(p)) throw new Error('mal.yaml: perspektiv är inte en mappning');
    const areas = p.get('processområden');
    if (!isSeq(areas)) throw new Error('mal.yaml: processområden saknas');
    const byArea = p.get('sammanställning') === 'processområden';
    const areaId = `po-${slug(namn)}`;
    const n = Math.ceil(toAdd / (newAreas - ai));
    toAdd -= n;
    const indicatorNames = rng.sample(INDIKATORNAMN, 2);
    const area: Record<string, unknown> = {
      id: areaId,
      namn,
      ...(byArea ? { bedömning: rng.pick(['uppnår', 'delvis', 'ej_uppnår']), trend: rng.pick(['bättre', 'oförändrad', 'sämre']) } : {}),
      text: prose(rng, rng.int(3, 5)),
      huvudprocesser: byArea
        ? []
        : [
            {
              id: `hp-${slug(namn)}`,
              namn: `${namn}: ${rng.pick(['förebyggande arbete', 'myndighetsutövning', 'service och bemötande', 'planering och uppföljning'])}`,
              bedömning: rng.pick(['uppnår', 'delvis', 'ej_uppnår']),
              trend: rng.pick(['bättre', 'oförändrad', 'sämre']),
              kommentar: datumKommentar(rng, rng.int(2, 4)),
            },
          ],
      processmål: [
        {
          id: `pm-${slug(namn)}`,
          namn: `${namn} med god kvalitet`,
          bedömning: rng.pick(['helt', 'delvis', 'ej']),
          kommentar: datumKommentar(rng, 2),
          indikatorer: indicatorNames.map((iname, ii) => indikator(rng, `ind-${ai + 1}-${ii + 1}`, iname, rng.int(3, 4), ii === 0)),
        },
      ],
      åtaganden: Array.from({ length: n }, () => atagande(rng, `at-syn-${++serial}`)),
    };
    areas.add(doc.createNode(area));
  });
}

// ---------------------------------------------------------------------------------------------
// internkontroll.yaml: a few more risks

function growInternkontroll(rng: Rng, doc: Document): void {
  const mal = doc.getIn(['internkontroll', 'mål']);
  if (!isSeq(mal)) throw new Error('internkontroll.yaml: internkontroll.mål saknas');
  const extra = rng.int(2, 4);
  for (let i = 1; i <= extra; i++) {
    const target = mal.items[i % mal.items.length];
    if (!isMap(target)) continue;
    const risker = target.get('risker');
    if (!isSeq(risker)) continue;
    const sannolikhet = rng.int(1, 5);
    const konsekvens = rng.int(1, 5);
    const objekt = rng.pick(OBJEKT);
    const risk: Record<string, unknown> = {
      id: `risk-syn-${i}`,
      risk: `Risken att brister i ${objekt} leder till ${rng.pick(['ekonomisk förlust', 'förtroendeskada', 'felaktiga beslut', 'att lagkrav inte följs'])}.`,
      kort: `Brister i ${objekt}`,
      hantera: true,
      sannolikhet,
      konsekvens,
      riskvärde: sannolikhet * konsekvens,
      kontrollmoment: [
        {
          id: `km-syn-${i}`,
          text: `Stickprovskontroll av ${objekt}.`,
          bedömning: rng.pick(['utan_anmärkning', 'mindre_brister', 'väsentliga_brister']),
          resultat: prose(rng, 2),
        },
      ],
    };
    risker.add(doc.createNode(risk));
  }
}

// ---------------------------------------------------------------------------------------------
// One report

function writeReport(dir: string, index: number): void {
  const rng = new Rng(0x5eed + index * 7919);
  const namnd = namndFor(index);
  cpSync(EXAMPLE, dir, { recursive: true });

  const rapport = parseDocument(readFileSync(path.join(dir, 'rapport.yaml'), 'utf8'));
  rapport.setIn(['nämnd', 'namn'], namnd.namn);
  rapport.setIn(['nämnd', 'förkortning'], namnd.forkortning);
  rapport.setIn(['förvaltning', 'namn'], namnd.forvaltning);
  rapport.setIn(['förvaltning', 'förkortning'], namnd.forvForkortning);
  rapport.setIn(['dnr'], `${namnd.forkortning}/2023:${rng.int(10, 199)}`);
  rapport.setIn(['paragraf'], rng.int(20, 140));
  rapport.setIn(['undertecknare', 0, 'organisation'], namnd.forvaltning);
  writeFileSync(path.join(dir, 'rapport.yaml'), rapport.toString(TO_STRING));

  writeFileSync(
    path.join(dir, 'ekonomi.yaml'),
    `# yaml-language-server: $schema=../../schemas/rapport.schema.json\n# Syntetisk: genererad av scripts/gen-corpus.ts (nämnd ${index + 1}).\n${ekonomi(rng, namnd).toString(TO_STRING)}`,
  );

  const mal = parseDocument(readFileSync(path.join(dir, 'mal.yaml'), 'utf8'));
  growMal(rng, mal);
  writeFileSync(path.join(dir, 'mal.yaml'), mal.toString(TO_STRING));

  const ik = parseDocument(readFileSync(path.join(dir, 'internkontroll.yaml'), 'utf8'));
  growInternkontroll(rng, ik);
  writeFileSync(path.join(dir, 'internkontroll.yaml'), ik.toString(TO_STRING));

  // The schema line points two levels up from corpus/<rapport>/ (best effort for editors).
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.yaml')) continue;
    const p = path.join(dir, file);
    writeFileSync(p, readFileSync(p, 'utf8').replace('$schema=../../../schemas/', '$schema=../../schemas/'));
  }
}

// ---------------------------------------------------------------------------------------------

const { namnder, out } = parseArgs(process.argv.slice(2));
if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(path.join(out, MARKER))) {
  console.error(`${out} finns och är inte en genererad korpus (${MARKER} saknas); välj en annan --out`);
  process.exit(2);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, MARKER), `genererad av scripts/gen-corpus.ts --namnder ${namnder}\n`);
writeFileSync(
  path.join(out, 'profil.yaml'),
  readFileSync(path.join(KOMMUN, 'profil.yaml'), 'utf8').replace('$schema=../../schemas/', '$schema=../schemas/'),
);
for (let i = 0; i < namnder; i++) {
  const folder = `${String(i + 1).padStart(2, '0')}-${slug(namndFor(i).namn)}-dr2-2023`;
  writeReport(path.join(out, folder), i);
}
console.log(`skrev ${namnder} rapporter och profil.yaml i ${path.relative(process.cwd(), out) || '.'}`);
