/** What the kommun's sammanställning shows (kommun.hbs), built by src/kommun/rollup.ts from the nämnders' compiled reports. */
export interface KommunView {
  lang: string;
  title: string;
  css: string;
  meta: { kommun: string; titel: string; period: string };
  build: { version: string; commit?: string };
  status?: { rubrik: string; kolumner: string[]; rader: { nämnd: string; antal: number[]; totalt: number }[]; summa: { antal: number[]; totalt: number } };
  drift: { kolumner: string[]; rader: { nämnd: string; celler: string[] }[]; summa: string[] };
  bedömningar: { id: string; rubrik: string; nivå: string; nämnder: string[]; rader: { namn: string; celler: ({ symbol: string; color: string; text: string; saknas?: boolean } | undefined)[] }[] }[];
}
