/**
 * Assessment scales: every value has a symbol, a colour AND a text, so status is never shown by
 * colour alone (WCAG 1.4.1). This is Eskilstuna's vocabulary; organisation profiles will supply
 * their own scales as data.
 */
export interface ScaleValue {
  symbol: string;
  color: string;
  text: string;
  /** Sentence for the symbol legend (Förklaring symboler). */
  legend: string;
}

export interface Scale {
  name: string;
  intro: string;
  values: Record<string, ScaleValue>;
}

const GREEN = '#2e7d32';
const YELLOW = '#9a5b00'; // 5.4:1 on white: readable as text too (WCAG 1.4.3)
const RED = '#c62828';
const GREY = '#5f6368';
const BLUE = '#1f5f99';

export const SCALES = {
  huvudprocess: {
    name: 'Huvudprocesser',
    intro: 'Bedömningen ska visa både om processen är effektiv och levererar resultat, dvs uppnår resultatmålen.',
    values: {
      uppnår: { symbol: '●', color: GREEN, text: 'Uppnår', legend: 'Huvudprocessen bedöms uppnå resultatmålen.' },
      delvis: { symbol: '◐', color: YELLOW, text: 'Delvis', legend: 'Huvudprocessen bedöms delvis uppnå resultatmålen.' },
      ej_uppnår: { symbol: '○', color: RED, text: 'Uppnår ej', legend: 'Huvudprocessen bedöms ej uppnå resultatmålen.' },
      ej_bedömd: { symbol: '–', color: GREY, text: 'Ej bedömd', legend: 'Huvudprocessen har inte bedömts.' },
    },
  },
  trend: {
    name: 'Trendpil',
    intro: 'Trendpilen visar hur bedömningen har förändrats jämfört med december föregående år.',
    values: {
      bättre: { symbol: '↗', color: GREEN, text: 'Bättre', legend: 'Bättre än föregående år.' },
      oförändrad: { symbol: '→', color: BLUE, text: 'Oförändrad', legend: 'Oförändrad mot föregående år.' },
      sämre: { symbol: '↘', color: RED, text: 'Sämre', legend: 'Sämre än föregående år.' },
      saknas: { symbol: '–', color: GREY, text: 'Ingen trend', legend: 'Trend kan inte anges.' },
    },
  },
  processmål: {
    name: '4-åriga processmål',
    intro:
      'Bedömningen av det 4-åriga processmålet visar måluppfyllelsen som ska grundas på de resultat som indikatorerna har i förhållande till satta målnivåer.',
    values: {
      helt: { symbol: '●', color: GREEN, text: 'Helt uppfyllt', legend: 'Målet helt uppfyllt.' },
      delvis: { symbol: '◐', color: YELLOW, text: 'Delvis uppfyllt', legend: 'Målet delvis uppfyllt.' },
      ej: { symbol: '○', color: RED, text: 'Ej uppfyllt', legend: 'Målet ej uppfyllt.' },
      ej_utvärderad: { symbol: '–', color: GREY, text: 'Ej utvärderad', legend: 'Målet är ej utvärderat.' },
    },
  },
  åtagande: {
    name: '1-åriga åtaganden – status',
    intro: 'Status anger vilken status det 1-åriga åtagandet bedöms ha vid årets slut.',
    values: {
      ej_påbörjad: { symbol: '○', color: GREY, text: 'Ej påbörjad', legend: 'Ej påbörjat.' },
      pågår: { symbol: '▶', color: BLUE, text: 'Pågår', legend: 'Pågår.' },
      klart: { symbol: '✓', color: GREEN, text: 'Klart, avslutat', legend: 'Klart, avslutat.' },
      försenat: { symbol: '⚠', color: RED, text: 'Försenat', legend: 'Försenat.' },
    },
  },
  kontroll: {
    name: 'Kontrollmoment',
    intro: 'Bedömningen visar vad kontrollmomentet har visat.',
    values: {
      utan_anmärkning: { symbol: '●', color: GREEN, text: 'Utan anmärkning', legend: 'Kontrollen visar inga brister.' },
      mindre_brister: { symbol: '◐', color: YELLOW, text: 'Mindre brister', legend: 'Kontrollen visar mindre brister.' },
      väsentliga_brister: { symbol: '○', color: RED, text: 'Väsentliga brister', legend: 'Kontrollen visar väsentliga brister.' },
      ej_bedömd: { symbol: '–', color: GREY, text: 'Ej bedömd', legend: 'Kontrollen är inte bedömd.' },
    },
  },
  klimat: {
    name: 'Aktiviteter – status',
    intro: 'Status för aktiviteten vid rapporttillfället.',
    values: {
      enligt_plan: { symbol: '✓', color: GREEN, text: 'Enligt plan', legend: 'Aktiviteten följer planen.' },
      pågår: { symbol: '▶', color: BLUE, text: 'Pågår', legend: 'Aktiviteten pågår.' },
      avvikelse: { symbol: '⚠', color: RED, text: 'Avvikelse', legend: 'Aktiviteten avviker från planen.' },
      ej_bedömd: { symbol: '–', color: GREY, text: 'Ej bedömd', legend: 'Aktiviteten är inte bedömd.' },
    },
  },
} satisfies Record<string, Scale>;

export type ScaleName = keyof typeof SCALES;

export function scaleValue(scale: ScaleName, key: string): ScaleValue {
  const values = SCALES[scale].values as Record<string, ScaleValue>;
  const v = values[key];
  if (!v) throw new Error(`unknown value ${key} in scale ${scale}`);
  return v;
}

/** Sentence for a processområde's assessment, generated from data. */
export function assessmentSentence(level: 'Huvudprocessen' | 'Processområdet', bedömning: string): string {
  switch (bedömning) {
    case 'uppnår':
      return `${level} bedöms uppnå resultatmålen.`;
    case 'delvis':
      return `${level} bedöms delvis uppnå resultatmålen.`;
    case 'ej_uppnår':
      return `${level} bedöms ej uppnå resultatmålen.`;
    default:
      return `${level} har inte bedömts.`;
  }
}
