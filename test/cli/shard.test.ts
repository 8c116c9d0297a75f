import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, ROOT } from '../helpers.js';
import { runCli, tempDir } from '../e2e/run-cli.js';

describe('rapport build --shard i/n', () => {
  it('splits the outputs between the shards: together byte for byte the unsharded run', async () => {
    const src = path.join(ROOT, 'examples', 'eskilstuna');
    const whole = tempDir();
    const split = tempDir();
    expect((await runCli(['build', src, '--out', whole], ROOT)).code).toBe(0);
    const one = await runCli(['build', src, '--out', split, '--shard', '1/2', '--format', 'json'], ROOT);
    const two = await runCli(['build', src, '--out', split, '--shard', '2/2', '--format', 'json'], ROOT);
    expect([one.code, two.code]).toEqual([0, 0]);
    // Each shard writes and reports its own share: every second nämnd in sorted order, the sammanställning in the first.
    const written = (r: { stdout: string }) => JSON.parse(r.stdout).rapporter.flatMap((o: { filer: { file: string }[] }) => o.filer.map((f) => path.basename(f.file)));
    expect(written(one)).toEqual([
      'arbetsmarknadsnamnden-dr2-2023.html',
      'arbetsmarknadsnamnden-dr2-2023.pdf',
      'servicenamnden-dr2-2023.html',
      'servicenamnden-dr2-2023.pdf',
      'sammanstallning.html',
      'sammanstallning.pdf',
    ]);
    expect(written(two)).toEqual(['kommunstyrelsen-dr2-2022.html', 'kommunstyrelsen-dr2-2022.pdf']);
    const a = filesUnder(whole);
    const b = filesUnder(split);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, bytes] of a) expect(b.get(name)?.equals(bytes), name).toBe(true);
  }, 180_000);

  it('refuses a malformed shard with a usage error', async () => {
    const r = await runCli(['build', 'examples', '--shard', '3/2'], ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('fel: --shard skrivs i/n med 1 ≤ i ≤ n, t.ex. --shard 2/4 (fick "3/2")\n');
  });
});
