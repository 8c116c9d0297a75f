/** The theme a report's profile names (profil.yaml `tema:`), loaded once per file. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { fileInside } from '../load/report-folder.js';
import type { Profile } from '../profile/profile.js';
import { type LoadedTheme, loadTheme } from './theme.js';

const cache = new Map<string, { source: string; loaded?: LoadedTheme; diagnostics: Diagnostic[] }>();

function contents(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** undefined theme and no diagnostics when the profile names none (the templates' theme applies). */
export function profileTheme(profile: Profile, cwd: string): { theme?: LoadedTheme; diagnostics: Diagnostic[] } {
  const tema = profile.data.tema;
  if (!tema) return { diagnostics: [] };
  const file = path.resolve(profile.dir, tema);
  // The theme lives beside the profile (or below it): a profile never reads files elsewhere. A
  // missing theme is tema.saknas, from loadTheme.
  const problem = fileInside(profile.dir, tema).problem;
  if (problem === 'utanför' || problem === 'länk') {
    return { diagnostics: [diag('fil.utanför', 'error', `temat "${tema}" ligger utanför profilens mapp och läses inte`, profile.sourceMap.pos(['tema']))] };
  }
  // Keyed by content as well, so watch sees an edited tema.yaml.
  const source = contents(file);
  let hit = cache.get(file);
  if (!hit || hit.source !== source) {
    hit = { source, ...loadTheme(path.dirname(file), cwd, path.basename(file)) };
    cache.set(file, hit);
  }
  // A theme that cannot be found is the profile's fault: point at its tema: line.
  const at = profile.sourceMap.pos(['tema']);
  // The theme's files are named as they stand beside the profile, for the PDF's provenance.
  const rel = path.relative(profile.dir, path.dirname(file)).split(path.sep).join('/');
  const theme = hit.loaded && { ...hit.loaded, fromProfile: true, files: hit.loaded.files?.map((f) => ({ ...f, name: rel ? `${rel}/${f.name}` : f.name })) };
  return { theme, diagnostics: hit.diagnostics.map((d) => (d.pos ? d : { ...d, pos: at })) };
}
