/** The theme a report's profile names (profil.yaml `tema:`), loaded once per file. */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { fileInside, resolveInside } from '../load/report-folder.js';
import { activeSnapshot, SourceSnapshot } from '../load/snapshot.js';
import { MAX_FILE_BYTES } from '../load/yaml-file.js';
import type { Profile } from '../profile/profile.js';
import { type LoadedTheme, loadTheme, MAX_LOGO_BYTES } from './theme.js';

const cache = new Map<string, { bytes: Buffer; loaded?: LoadedTheme; diagnostics: Diagnostic[] }>();

/**
 * The theme file's bytes, read once into `snapshot` (only a regular file inside its folder, bounded
 * in size); undefined when it cannot be read, and loadTheme then says why.
 */
function themeBytes(file: string, snapshot: SourceSnapshot, maxBytes = MAX_FILE_BYTES, dir = path.dirname(file)): Buffer | undefined {
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    return undefined;
  }
  const inside = resolveInside(root, file);
  return inside.real === undefined ? undefined : snapshot.read(inside.real, maxBytes).bytes;
}

/**
 * Whether a theme loaded before still holds: its logo (the files after tema.yaml) has the same
 * bytes now. The logo is read into `snapshot`, so a theme loaded anew takes these very bytes.
 */
function sameFiles(loaded: LoadedTheme | undefined, dir: string, snapshot: SourceSnapshot): boolean {
  for (const f of loaded?.files?.slice(1) ?? []) {
    const bytes = themeBytes(path.resolve(dir, f.name), snapshot, MAX_LOGO_BYTES, dir);
    if (!bytes || createHash('sha256').update(bytes).digest('hex') !== f.sha256) return false;
  }
  return true;
}

/**
 * undefined theme and no diagnostics when the profile names none (the templates' theme applies).
 * The theme's files are read through `snapshot` (the report's, when given: a render worker then
 * takes the bytes the check read).
 */
export function profileTheme(profile: Profile, cwd: string, snapshot: SourceSnapshot = activeSnapshot() ?? new SourceSnapshot()): { theme?: LoadedTheme; diagnostics: Diagnostic[] } {
  const tema = profile.data.tema;
  if (!tema) return { diagnostics: [] };
  const file = path.resolve(profile.dir, tema);
  // The theme lives beside the profile (or below it): a profile never reads files elsewhere. A
  // missing theme is tema.saknas, from loadTheme.
  const problem = fileInside(profile.dir, tema).problem;
  if (problem === 'utanför' || problem === 'länk') {
    return { diagnostics: [diag('fil.utanför', 'error', `temat "${tema}" ligger utanför profilens mapp och läses inte`, profile.sourceMap.pos(['tema']))] };
  }
  // Keyed by content as well (tema.yaml and its logo), so watch and --cache see an edited theme or
  // logo. The bytes are read once: loadTheme parses the same bytes from the snapshot.
  const bytes = themeBytes(file, snapshot);
  let hit = cache.get(file);
  if (!bytes || !hit || !hit.bytes.equals(bytes) || !sameFiles(hit.loaded, path.dirname(file), snapshot)) {
    hit = { bytes: bytes ?? Buffer.alloc(0), ...loadTheme(path.dirname(file), cwd, path.basename(file), snapshot) };
    if (bytes) cache.set(file, hit);
    else cache.delete(file);
  }
  // A theme that cannot be found is the profile's fault: point at its tema: line.
  const at = profile.sourceMap.pos(['tema']);
  // The theme's files are named as they stand beside the profile, for the PDF's provenance.
  const rel = path.relative(profile.dir, path.dirname(file)).split(path.sep).join('/');
  const theme = hit.loaded && { ...hit.loaded, fromProfile: true, files: hit.loaded.files?.map((f) => ({ ...f, name: rel ? `${rel}/${f.name}` : f.name })) };
  return { theme, diagnostics: hit.diagnostics.map((d) => (d.pos ? d : { ...d, pos: at })) };
}
