/** rapport schema: JSON Schema for the editor from the kommun's profile. */
import path from 'node:path';
import type { Command } from 'commander';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { formatPretty } from '../diagnostics/formatters.js';
import { writeProfileSchemas } from '../json-schema/profile-schema.js';
import { EXIT_INPUT, EXIT_OK } from './io.js';
import { type CommandContext, configure } from './options.js';

export function register(program: Command, { io, setExit }: CommandContext): void {
  configure(program.command('schema'), io)
    .usage('[sökvägar...]')
    .description('skriv JSON Schema för editorn ur kommunens profil (målnivåer, skalornas värden med betydelse) i <profilmapp>/.rapport/schema/')
    .argument('[sökvägar...]', 'rapportmappar eller mappar som innehåller rapportmappar', ['.'])
    .action((paths: string[]) => {
      const result = writeProfileSchemas(paths, io.cwd);
      for (const m of result.missing) io.stderr(`fel: hittar ingen rapport (mapp med rapport.yaml) i ${m}\n`);
      if (result.diagnostics.length > 0) io.stderr(formatPretty(result.diagnostics, { color: io.isTTY }) + '\n');
      for (const f of result.files) io.stdout(`${f.changed ? 'skrev' : 'oförändrad'} ${path.relative(io.cwd, f.file).split(path.sep).join('/')}\n`);
      for (const m of result.modelines) io.stderr(`${path.relative(io.cwd, m.dir).split(path.sep).join('/') || '.'}: ${m.modeline}\n`);
      setExit(result.missing.length > 0 || hasErrors(result.diagnostics) ? EXIT_INPUT : EXIT_OK);
    });
}
