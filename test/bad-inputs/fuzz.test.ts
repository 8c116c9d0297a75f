/**
 * A few hundred fuzzed copies of the example on every `npm test`; `npm run fuzz` runs 10 000 in CI
 * (scripts/fuzz.ts). A failure names the mutations (shrunk by fast-check) and what went wrong.
 */
import { describe, expect, it } from 'vitest';
import { fuzz } from './fuzz.js';

describe('fuzzed copies of the example', () => {
  it('build with complete outputs or fail with located diagnostics, never crash', async () => {
    const summary = await fuzz(150, 7);
    expect(summary.ok + summary.rejected).toBe(150);
    // Both sides of the property are exercised.
    expect(summary.ok).toBeGreaterThan(0);
    expect(summary.rejected).toBeGreaterThan(0);
  }, 300_000);
});
