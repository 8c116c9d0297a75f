import path from 'node:path';
import { EXIT_INPUT, EXIT_OK, type Io } from './io.js';

/** init and ny-period: create the folder, then say what to do next. */
export function scaffoldCommand(io: Io, dir: string, create: () => { files: string[] }): number {
  try {
    const { files } = create();
    for (const f of files) io.stdout(`skapade ${path.relative(io.cwd, path.resolve(io.cwd, dir, f)) || f}\n`);
    io.stderr(`klart: fyll i filerna och kör rapport check ${dir}\n`);
    return EXIT_OK;
  } catch (error) {
    io.stderr(`fel: ${(error as Error).message}\n`);
    return EXIT_INPUT;
  }
}
