/** rapport watch: rebuild on every save and serve the reports on localhost with live reload. */
import type { Command } from 'commander';
import { EXIT_INPUT, EXIT_OK, EXIT_USAGE, type Io } from './io.js';
import { type CommandContext, configure, parsePort } from './options.js';

export function register(program: Command, { io, setExit }: CommandContext): void {
  configure(program.command('watch'), io)
    .usage('[flaggor] [sökvägar...]')
    .description('bygg om vid varje sparning och visa rapporterna på localhost med automatisk omladdning; fel visas i terminalen och i sidan')
    .argument('[sökvägar...]', 'rapportmappar eller mappar som innehåller rapportmappar', ['.'])
    .option('--port <port>', 'port på 127.0.0.1, ett heltal 0–65535 (0: en ledig port)', '4173')
    .option('--mallar <mapp>', 'egen mallmapp (rapport.hbs, partials/, rapport.css, tema.yaml); kontrolleras och bevakas')
    .action(async (paths: string[], o: { port: string; mallar?: string }) => {
      const port = parsePort(o.port);
      if (port === undefined) {
        io.stderr(`fel: ogiltig port "${o.port}": ange ett heltal 0–65535\n`);
        setExit(EXIT_USAGE);
        return;
      }
      setExit(await watchCommand(io, paths, port, o.mallar));
    });
}

/** Serve and rebuild until interrupted (Ctrl-C). */
async function watchCommand(io: Io, paths: string[], port: number, templates?: string): Promise<number> {
  const { startWatch } = await import('../watch/server.js');
  let handle: Awaited<ReturnType<typeof startWatch>>;
  try {
    handle = await startWatch({ paths, cwd: io.cwd, port, templates, log: (line) => io.stderr(`${line}\n`) });
  } catch (error) {
    io.stderr(`fel: ${(error as Error).message}\n`);
    return EXIT_INPUT;
  }
  io.stderr(`visar rapporterna på ${handle.url} – avsluta med Ctrl-C\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await handle.close();
  return EXIT_OK;
}
