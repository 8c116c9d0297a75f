import { appendFileSync, copyFileSync, cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveByRename, text, within } from './support.js';
import { startWatch, type WatchHandle } from '../../src/watch/server.js';
import { copyExample, ESKILSTUNA_PROFILE, mutate } from '../helpers.js';

const E = 'ekonomi.yaml';


describe('rapport watch', () => {
  let dir: string;
  let root: string;
  let handle: WatchHandle | undefined;
  let lines: string[];

  beforeEach(async () => {
    dir = copyExample();
    root = path.dirname(dir);
    lines = [];
    handle = await startWatch({ paths: ['rapport'], cwd: root, port: 0, log: (l) => lines.push(l) });
  });

  afterEach(async () => {
    await handle?.close();
    handle = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('serves an index and the report with the live-reload script, on loopback', async () => {
    const h = handle!;
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await text(h.url);
    expect(index).toContain('href="/rapport/"');
    const page = await text(`${h.url}rapport/`);
    expect(page).toContain('Resultaträkning');
    expect(page).toContain('<script data-rapport-watch>');
    expect(page).toContain('/__rapport/events');
    expect(page.indexOf('data-rapport-watch')).toBeLessThan(page.lastIndexOf('</body>'));
    expect(page).not.toContain('rapport-watch-fel');
    // Without the trailing slash: a redirect to the canonical address.
    const res = await fetch(`${h.url}rapport`, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/rapport/');
    expect((await fetch(`${h.url}nope/`, { signal: AbortSignal.timeout(5000) })).status).toBe(404);
  });

  it('shows an overlay with the diagnostics on an error, and drops it when fixed', async () => {
    const h = handle!;
    const before = await text(`${h.url}rapport/`);
    expect(before).toContain('−42,9');

    let built = h.nextBuild();
    mutate(dir, E, 'utfall: -42.9', 'utfall: -44.9'); // Summa KOSTNADER no longer adds up
    const broken = await within(built, 5000, 'rebuild after the error');
    expect(broken.errors).toBeGreaterThan(0);
    const page = await text(`${h.url}rapport/`);
    expect(page).toContain('id="rapport-watch-fel"');
    expect(page).toContain('summa.rader');
    expect(page).toContain('Resultaträkning'); // the last good HTML stays underneath
    expect(page).toContain('−42,9');
    expect(lines.join('\n')).toContain('fel[summa.rader]');
    expect(await text(h.url)).toMatch(/\d+ fel/);

    built = h.nextBuild();
    mutate(dir, E, 'utfall: -187.5', 'utfall: -185.5'); // another cost row makes up the difference
    const fixed = await within(built, 5000, 'rebuild after the fix');
    expect(fixed.errors).toBe(0);
    const after = await text(`${h.url}rapport/`);
    expect(after).not.toContain('rapport-watch-fel');
    expect(after).toContain('−44,9');
    expect(after).toContain('−185,5');
    expect(after).not.toContain('−42,9');
  });

  it('follows saves by rename (temporary file renamed over the original), again and again', async () => {
    const h = handle!;
    const file = path.join(dir, E);
    let built = h.nextBuild();
    saveByRename(file, 'utfall: -42.9', 'utfall: -44.9');
    expect((await within(built, 5000, 'rebuild after the first save by rename')).errors).toBeGreaterThan(0);
    expect(await text(`${h.url}rapport/`)).toContain('id="rapport-watch-fel"');

    built = h.nextBuild();
    saveByRename(file, 'utfall: -187.5', 'utfall: -185.5');
    expect((await within(built, 5000, 'rebuild after the second save by rename')).errors).toBe(0);
    let page = await text(`${h.url}rapport/`);
    expect(page).not.toContain('rapport-watch-fel');
    expect(page).toContain('−44,9');
    expect(page).toContain('−185,5');

    built = h.nextBuild();
    saveByRename(file, 'utfall: -44.9', 'utfall: -42.9');
    await within(built, 5000, 'rebuild after the third save by rename');
    page = await text(`${h.url}rapport/`);
    expect(page).toContain('rapport-watch-fel');
    expect(page).toContain('summa.rader');
  });

  it('sees a file that disappears and comes back, and a text folder made anew', async () => {
    const h = handle!;
    const file = path.join(dir, E);
    const saved = readFileSync(file, 'utf8');
    let built = h.nextBuild();
    rmSync(file);
    await within(built, 5000, 'rebuild after the file was removed');
    built = h.nextBuild();
    writeFileSync(file, saved.replace('utfall: -187.5', 'utfall: -185.5'));
    expect((await within(built, 5000, 'rebuild after the file came back')).errors).toBeGreaterThan(0);
    expect(await text(`${h.url}rapport/`)).toContain('summa.rader');
    built = h.nextBuild();
    writeFileSync(file, saved);
    expect((await within(built, 5000, 'rebuild after the fix')).errors).toBe(0);

    // The prose folder removed and made again (as a checkout of another branch does) is watched anew.
    const prose = path.join(dir, 'text', 'sammanfattning.md');
    built = h.nextBuild();
    rmSync(path.join(dir, 'text'), { recursive: true, force: true });
    expect((await within(built, 5000, 'rebuild after the text folder was removed')).errors).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    built = h.nextBuild();
    mkdirSync(path.join(dir, 'text'));
    writeFileSync(prose, 'Första versionen av sammanfattningen.\n');
    await within(built, 5000, 'rebuild after the text folder came back');
    // Let the rebuild the new folder watcher asks for settle before the next save.
    await new Promise((r) => setTimeout(r, 300));
    expect(await text(`${h.url}rapport/`)).toContain('Första versionen av sammanfattningen.');
    built = h.nextBuild();
    saveByRename(prose, 'Första', 'Andra');
    await within(built, 5000, 'rebuild after the prose file was saved by rename');
    expect(await text(`${h.url}rapport/`)).toContain('Andra versionen av sammanfattningen.');
  });

  it('escapes the diagnostics in the overlay', async () => {
    const h = handle!;
    const built = h.nextBuild();
    appendFileSync(path.join(dir, 'rapport.yaml'), '\n"<script>alert(1)</script>": 1\n');
    await within(built, 5000, 'rebuild');
    const page = await text(`${h.url}rapport/`);
    expect(page).toContain('rapport-watch-fel');
    const overlay = page.slice(page.indexOf('id="rapport-watch-fel"'));
    expect(overlay).not.toContain('<script>alert(1)');
    expect(overlay).toContain('&lt;script&gt;');
  });

  it('sends a "build" event over SSE after a change', async () => {
    const h = handle!;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 5000);
    try {
      const res = await fetch(`${h.url}__rapport/events`, { signal: controller.signal });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let received = '';
      // The stream's opening comment proves the subscription is in place before the edit.
      while (!received.includes('\n\n')) received += decoder.decode((await reader.read()).value, { stream: true });
      const wanted = /event: build\ndata: (.*)\n\n/;
      const built = h.nextBuild();
      mutate(dir, E, 'utfall: -42.9', 'utfall: -42.8');
      while (!wanted.test(received)) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
      const match = wanted.exec(received);
      expect(match).not.toBeNull();
      expect(JSON.parse(match![1]!)).toMatchObject({ path: '/rapport/' });
      await within(built, 5000, 'rebuild');
      await reader.cancel();
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  });

  it('renders the PDF only when /rapport.pdf is asked for', async () => {
    const res = await fetch(`${handle!.url}rapport/rapport.pdf`, { signal: AbortSignal.timeout(20_000) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  }, 25_000);

  it('frees the port on close()', async () => {
    const h = handle!;
    const port = Number(new URL(h.url).port);
    await within(h.close(), 5000, 'close');
    handle = undefined;
    await within(
      new Promise<void>((resolve, reject) => {
        const s = createServer();
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => s.close(() => resolve()));
      }),
      5000,
      'listen on the freed port',
    );
    await expect(fetch(h.url, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });

  it('refuses non-loopback hosts and foreign Host headers', async () => {
    await expect(startWatch({ paths: ['rapport'], cwd: root, port: 0, host: '0.0.0.0', log: () => {} })).rejects.toThrow(/loopback/);
    const status = await within(
      new Promise<number | undefined>((resolve, reject) => {
        const req = request(handle!.url, { headers: { host: 'evil.example' }, timeout: 5000 }, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on('error', reject);
        req.end();
      }),
      5000,
      'request with a foreign Host header',
    );
    expect(status).toBe(403);
  });
});

describe('rapport watch, the profile beside the report', () => {
  it('rebuilds when the profile is saved by rename', async () => {
    const dir = copyExample();
    const root = path.dirname(dir);
    const profile = path.join(root, 'profil.yaml');
    copyFileSync(ESKILSTUNA_PROFILE, profile);
    const h = await startWatch({ paths: ['rapport'], cwd: root, port: 0, log: () => {} });
    try {
      expect(await text(`${h.url}rapport/`)).not.toContain('rapport-watch-fel');
      const source = readFileSync(profile, 'utf8');
      let built = h.nextBuild();
      const tmp = path.join(root, 'profil.yaml.tmp');
      writeFileSync(tmp, `${source}\nokänd_nyckel_i_profilen: 1\n`);
      renameSync(tmp, profile);
      expect((await within(built, 5000, 'rebuild after the profile was broken')).errors).toBeGreaterThan(0);
      built = h.nextBuild();
      writeFileSync(tmp, source);
      renameSync(tmp, profile);
      expect((await within(built, 5000, 'rebuild after the profile was fixed')).errors).toBe(0);
    } finally {
      await h.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('builds and serves a report folder made under a watched path after the start, and says when one disappears', async () => {
    const dir = copyExample();
    const root = path.dirname(dir);
    const lines: string[] = [];
    const kommun = path.join(root, 'kommun');
    mkdirSync(kommun);
    renameSync(dir, path.join(kommun, 'sen'));
    const h = await startWatch({ paths: ['kommun'], cwd: root, port: 0, log: (l) => lines.push(l) });
    try {
      expect(await text(h.url)).toContain('/kommun/sen/');
      // A second report copied in (as a new nämnd's folder, or a checkout of a branch that has one).
      const built = h.nextBuild();
      cpSync(path.join(kommun, 'sen'), path.join(kommun, 'ny'), { recursive: true });
      expect((await within(built, 5000, 'build of the new report folder')).errors).toBe(0);
      expect(lines.join('\n')).toContain('ny rapport: kommun/ny/ visas på /kommun/ny/');
      expect(await text(`${h.url}kommun/ny/`)).toContain('Servicenämnden');
      expect(await text(h.url)).toContain('/kommun/ny/');
      // Removed again: the page says so instead of serving the old report without a word.
      const gone = h.nextBuild();
      rmSync(path.join(kommun, 'ny'), { recursive: true, force: true });
      expect((await within(gone, 5000, 'rebuild after the folder was removed')).errors).toBeGreaterThan(0);
      const page = await fetch(`${h.url}kommun/ny/`).then((r) => r.text());
      expect(page).toContain('rapportmappen finns inte');
    } finally {
      await h.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
