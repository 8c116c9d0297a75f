import { describe, expect, it } from 'vitest';
import { parsePort } from '../../src/cli/main.js';
import { runCli } from '../e2e/run-cli.js';
import { copyExample } from '../helpers.js';

describe('rapport watch --port', () => {
  it.each(['abc', '1e3', '0x50', '80.0', '+80', '-1', '65536', '', ' 80', '４４３'])('refuses --port %j in Swedish with exit 2, before anything is watched', async (value) => {
    const dir = copyExample();
    const r = await runCli(['watch', '--port', value, '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`fel: ogiltig port "${value}": ange ett heltal 0–65535\n`);
    expect(r.stdout).toBe('');
  }, 10_000);

  it('reads decimal digits only, 0–65535', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('4173')).toBe(4173);
    expect(parsePort('08080')).toBe(8080);
    expect(parsePort('65535')).toBe(65535);
    expect(parsePort('65536')).toBeUndefined();
    expect(parsePort('1e3')).toBeUndefined();
    expect(parsePort('123456')).toBeUndefined();
  });
});
