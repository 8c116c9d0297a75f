/**
 * The only network access in rapport, behind its own command (`rapport kolada hamta`): one Kolada
 * API v3 data request, following next_url pages, saved as one response file that `kolada import`
 * reads offline. The URL is built from validated ids, never from report text.
 */
export const KOLADA_API = 'https://api.kolada.se/v3';

export function koladaUrl(kpis: readonly string[], kommun: string, years: readonly number[]): string {
  for (const k of kpis) if (!/^[NU]\d{5}$/.test(k)) throw new Error(`ogiltigt Kolada-nyckeltal "${k}": N eller U och fem siffror`);
  if (!/^\d{4}$/.test(kommun)) throw new Error(`ogiltig kommunkod "${kommun}": fyra siffror`);
  for (const y of years) if (!Number.isInteger(y) || y < 1990 || y > 2100) throw new Error(`ogiltigt år "${y}"`);
  return `${KOLADA_API}/data/kpi/${kpis.join(',')}/municipality/${kommun}/year/${years.join(',')}`;
}

/** Longest page read from Kolada (characters); a page of 5 000 values is about a megabyte. */
const MAX_PAGE_CHARS = 20 * 1024 * 1024;

type Fetch = (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/** Fetch every page and return one response `{ "values": [...] }` as pretty JSON text. */
export async function fetchKolada(kpis: readonly string[], kommun: string, years: readonly number[], fetcher: Fetch = fetch): Promise<string> {
  const values: unknown[] = [];
  let url: string | undefined = koladaUrl(kpis, kommun, years);
  for (let page = 0; url && page < 50; page += 1) {
    const response = await fetcher(url);
    if (!response.ok) throw new Error(`Kolada svarade ${response.status} för ${url}`);
    const text = await response.text();
    if (text.length > MAX_PAGE_CHARS) throw new Error(`Kolada svarade med ${text.length} tecken för ${url}; det är inget svar på en fråga om några nyckeltal`);
    let body: { values?: unknown; next_url?: unknown; next_page?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`Kolada svarade inte med JSON för ${url}`);
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body) || !Array.isArray(body.values)) throw new Error(`Kolada-svaret för ${url} har ingen lista "values"; inget sparades`);
    values.push(...body.values);
    const next = typeof body.next_url === 'string' ? body.next_url : typeof body.next_page === 'string' ? body.next_page : undefined;
    url = next && next.startsWith(`${KOLADA_API}/`) ? next : undefined;
  }
  return `${JSON.stringify({ values }, null, 2)}\n`;
}
