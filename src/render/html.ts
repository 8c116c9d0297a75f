import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { PACKAGE_ROOT } from '../build/version.js';
import type { KommunView } from '../kommun/rollup.js';
import type { ViewModel } from './view-model.js';

export { PACKAGE_ROOT };
export const DEFAULT_TEMPLATES = path.join(PACKAGE_ROOT, 'templates');

export interface Templates {
  render: (view: ViewModel) => string;
  /** The kommun's sammanställning (kommun.hbs, from the default templates when the folder has none). */
  renderKommun: (view: KommunView) => string;
  css: string;
}

const cache = new Map<string, Templates>();

/** Compile the report template and its partials from a templates folder (one per kommun theme). */
export function loadTemplates(dir = DEFAULT_TEMPLATES): Templates {
  const cached = cache.get(dir);
  if (cached) return cached;
  const hbs = Handlebars.create();
  const partialsDir = path.join(dir, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs')).sort()) {
    hbs.registerPartial(path.basename(file, '.hbs'), readFileSync(path.join(partialsDir, file), 'utf8'));
  }
  const main = hbs.compile(readFileSync(path.join(dir, 'rapport.hbs'), 'utf8'), { preventIndent: true });
  const css = readFileSync(path.join(dir, 'rapport.css'), 'utf8');
  const kommunFile = existsSync(path.join(dir, 'kommun.hbs')) ? path.join(dir, 'kommun.hbs') : path.join(DEFAULT_TEMPLATES, 'kommun.hbs');
  const kommun = hbs.compile(readFileSync(kommunFile, 'utf8'), { preventIndent: true });
  const runtime = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };
  const templates: Templates = {
    css,
    render: (view) => collapseBlankLines(main(view, runtime)),
    renderKommun: (view) => collapseBlankLines(kommun(view, runtime)),
  };
  cache.set(dir, templates);
  return templates;
}

function collapseBlankLines(html: string): string {
  return html.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');
}
