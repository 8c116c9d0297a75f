import Handlebars from 'handlebars';
import { DEFAULT_TEMPLATES } from '../load/package.js';
import type { KommunView } from './kommun-view.js';
import { type LoadedTemplates, templatesFor, templatesUsable } from './template-check.js';
import type { ViewModel } from './view-model.js';

export type { LoadedTemplates };

export interface Templates {
  render: (view: ViewModel) => string;
  /** The kommun's sammanställning (kommun.hbs, from the default templates when the folder has none). */
  renderKommun: (view: KommunView) => string;
  css: string;
  /** The files these were compiled from, as read and checked. */
  source: LoadedTemplates;
}

const cache = new WeakMap<LoadedTemplates, Templates>();

/**
 * Compile the report template and its partials from a templates folder (one per kommun theme). The
 * folder is not read again: the templates are the bytes readTemplates read and checked for this
 * build (templatesFor), or the LoadedTemplates given.
 */
export function loadTemplates(from: string | LoadedTemplates = DEFAULT_TEMPLATES): Templates {
  const loaded = typeof from === 'string' ? templatesFor(from) : from;
  const cached = cache.get(loaded);
  if (cached) return cached;
  if (!templatesUsable(loaded) || !loaded.main || !loaded.kommun || loaded.css === undefined) {
    const first = loaded.diagnostics.find((d) => d.severity === 'error');
    const where = first?.pos ? `${first.pos.file}:${first.pos.line}:${first.pos.column}: ` : '';
    throw new Error(`mallarna i ${loaded.dir} kan inte användas: ${where}${first?.message ?? 'mallar saknas'}`);
  }
  const hbs = Handlebars.create();
  // log writes to the terminal (and would break --format json); the check refuses it, and here it
  // does not exist: {{log}} is just a missing field.
  hbs.unregisterHelper('log');
  for (const [name, partial] of loaded.partials) hbs.registerPartial(name, partial.text);
  const main = hbs.compile(loaded.main.text, { preventIndent: true });
  const kommun = hbs.compile(loaded.kommun.text, { preventIndent: true });
  const runtime = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };
  const templates: Templates = {
    css: loaded.css,
    render: (view) => collapseBlankLines(main(view, runtime)),
    renderKommun: (view) => collapseBlankLines(kommun(view, runtime)),
    source: loaded,
  };
  cache.set(loaded, templates);
  return templates;
}

/**
 * Trailing spaces and tabs go, and runs of blank lines become one. A run of blanks is tried once, from
 * its start (the lookbehind): `/[ \t]+\n/` alone retried it from every position inside, quadratic in
 * the length of a run that no newline ends (an indentation).
 */
export function collapseBlankLines(html: string): string {
  return html.replace(/(?<![ \t])[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');
}
