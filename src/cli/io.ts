/** What every command writes to and reads from, and the exit codes it returns. */

/** Exit codes: 0 ok, 1 input errors (the reports), 2 usage or internal error (or a fault of the file system). */
export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** The process itself: stdout and stderr, colour on a terminal (not with NO_COLOR or CI=true). */
export const defaultIo = (): Io => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY) && !process.env['NO_COLOR'] && process.env['CI'] !== 'true',
  cwd: process.cwd(),
  env: process.env,
});
