/** Every rule has a stable code; docs/format.md lists them. Codes never change meaning. */
export const RULES = {
  'summa.rader': 'En summarad är summan av sina poster (per kolumn).',
  'rr.resultat': 'Resultat = summa intäkter + summa kostnader + finansnetto.',
  'rr.summa': 'Resultaträkningens summa = resultat + över-/underskott.',
  'avvikelse.rad': 'Budgetavvikelse = utfall − budget; prognosavvikelse = prognos − budget helår.',
  'drift.rr': 'Driftredovisningens summa = resultaträkningens resultat (samma kolumn).',
  'risk.riskvärde': 'Riskvärde = sannolikhet × konsekvens.',
  'kön.summa': 'Kvinnor + män = totalt.',
  'andel.kvot': 'En andel i procent = täljare / nämnare × 100; nämnaren är inte 0.',
  'indikator.period': 'Varje period förekommer en gång per indikator.',
  'indikator.saknas': 'Ett utfall har ett värde eller ett typat saknat värde (saknas), aldrig båda och aldrig inget.',
  'id.unik': 'Varje id är unikt i rapporten.',
  'id.reserverat': 'Ett id får inte vara ett av mallarnas fasta ankare (t.ex. sammanfattning, personal), åtaganden, eller se ut som ett id mallarna bildar (…-tabell, …-rubrik, …-indikatorer, sammanstallning-…, symboler-…).',
  'html.dubblerat-id': 'Den byggda HTML-filen har inga dubblerade id (en egen mall kan bilda id som krockar).',
  'ref.saknas': 'En referens pekar på ett id som finns.',
  'datum.period': 'Kommentarers datum ligger inom rapportperioden.',
  'period.ordning': 'Perioden börjar före sitt slut, inom rapportåret; beslutsdatum efter periodens slut.',
  'rr.roll': 'Resultaträkningen har högst en rad per summaroll.',
  'rr.tecken': 'Intäkter är positiva och kostnader negativa (varning).',
  'invest.projektbudget': 'En prognosavvikelse för projektet kräver en projektbudget.',
  'prosa.referens': 'En sifferreferens i prosan pekar på ett värde som finns.',
  'prosa.hjälpare': 'En sifferreferens använder en känd hjälpare (belopp, värde, antal).',
  'prosa.syntax': 'Sifferreferenser i prosan är syntaktiskt riktiga.',
  'prosa.fil': 'En prosafil finns i rapportmappen.',
} as const;

export type RuleCode = keyof typeof RULES;
