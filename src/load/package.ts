/** The package's folder, its default templates and its version (a light module: the CLI reads them before loading anything heavy). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package: src/ or lib/ sits one level below it. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The bundled templates, standard profile and theme. */
export const DEFAULT_TEMPLATES = path.join(PACKAGE_ROOT, 'templates');
