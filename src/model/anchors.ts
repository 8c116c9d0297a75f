import { SECTION_NAMES } from '../schema/sections.js';

/** Anchors the templates give fixed sections; report ids may not take them (the HTML ids would clash). */
export const ANCHORS = {
  titel: 'titel',
  innehåll: 'innehall-rubrik',
  protokollsutdrag: 'protokollsutdrag',
  tjänsteskrivelse: 'tjansteskrivelse',
  sammanfattning: 'sammanfattning',
  sammanställning: 'sammanstallning',
  statusÅtaganden: 'status-ataganden',
  förklaringSymboler: 'forklaring-symboler',
  personal: 'personal',
  ekonomi: 'ekonomisk-redovisning',
  internkontroll: 'internkontroll',
} as const;

/** Ids with a meaning of their own in prose references ({{antal åtaganden}}). */
export const PROSE_NAMESPACES = ['åtaganden'] as const;

/** SECTION_NAMES and "mål" (all top-level goals in ordning): the names sections are placed by; a report id may not be one of them. */
export const RESERVED_IDS: ReadonlySet<string> = new Set([...Object.values(ANCHORS), ...PROSE_NAMESPACES, ...SECTION_NAMES, 'mål']);

/** Ids the templates derive from report ids or scale names (e.g. "resultatrakning-tabell"). */
export const GENERATED_ID = /(-tabell|-rubrik|-indikatorer(-\d+)?|-diagram|-titel|-beskrivning)$|^(sammanstallning|symboler)-/;
