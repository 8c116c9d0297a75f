import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { ViewModel } from './view-model.js';

export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_TEMPLATES = path.join(PACKAGE_ROOT, 'templates');

export interface Templates {
  render: (view: ViewModel) => string;
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
  const templates: Templates = {
    css,
    render: (view) => collapseBlankLines(main(view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false })),
  };
  cache.set(dir, templates);
  return templates;
}

function collapseBlankLines(html: string): string {
  return html.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');
}
