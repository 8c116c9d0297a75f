/** What the watch tests share: saving as editors do, waiting with a limit, fetching a page. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

/** Save as many editors do (sed -i, vim with backupcopy=no): write a temporary file and rename it over the original. */
export function saveByRename(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text.split(from)).toHaveLength(2);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.swp`);
  writeFileSync(tmp, text.replace(from, to));
  renameSync(tmp, file);
}

/** Reject after `ms` so no wait in these tests can hang. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

/** A page's text; it must be served with 200. */
export async function text(url: string): Promise<string> {
  const res = await within(fetch(url, { signal: AbortSignal.timeout(5000) }), 5000, `GET ${url}`);
  expect(res.status).toBe(200);
  return res.text();
}
