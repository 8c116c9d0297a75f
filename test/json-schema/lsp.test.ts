/**
 * The editor experience of `rapport schema`, driven through yaml-language-server over LSP (JSON-RPC
 * on stdio), as VS Code's YAML extension does: the report file names the profile's schema with its
 * `$schema` modeline; completion after `bedömning: ` offers the profile's scale values, a typo is an
 * unknown key, and hover is the Swedish description.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeProfileSchemas } from '../../src/json-schema/profile-schema.js';
import { ROOT } from '../helpers.js';

const SERVER = path.join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const TIMEOUT = 30_000;

type Message = { id?: number; method?: string; params?: any; result?: any; error?: any };

/** A minimal LSP client: Content-Length framed JSON-RPC over the child's stdio. */
class LspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private pending = new Map<number, (m: Message) => void>();
  private listeners: ((m: Message) => void)[] = [];
  readonly stderr: string[] = [];

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString('utf8')));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'))?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.dispatch(message);
    }
  }

  private dispatch(m: Message): void {
    if (m.id !== undefined && m.method !== undefined) {
      // A request from the server (workspace/configuration, client/registerCapability …).
      const result = m.method === 'workspace/configuration' ? (m.params.items as { section?: string }[]).map((i) => (i.section === 'yaml' ? YAML_SETTINGS : null)) : null;
      this.send({ id: m.id, result });
      return;
    }
    if (m.id !== undefined && this.pending.has(m.id)) {
      this.pending.get(m.id)!(m);
      this.pending.delete(m.id);
      return;
    }
    for (const l of this.listeners) l(m);
  }

  private send(m: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request(method: string, params: unknown): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: inget svar inom ${TIMEOUT} ms\n${this.stderr.join('')}`)), TIMEOUT);
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        if (m.error) reject(new Error(`${method}: ${JSON.stringify(m.error)}`));
        else resolve(m.result);
      });
      this.send({ id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** The next notification that satisfies `accept`. */
  waitFor(method: string, accept: (params: any) => boolean): Promise<any> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: ingen notis inom ${TIMEOUT} ms\n${this.stderr.join('')}`)), TIMEOUT);
      const listener = (m: Message) => {
        if (m.method === method && accept(m.params)) {
          clearTimeout(timer);
          this.listeners = this.listeners.filter((l) => l !== listener);
          resolve(m.params);
        }
      };
      this.listeners.push(listener);
    });
  }
}

const YAML_SETTINGS = { validate: true, hover: true, completion: true, schemaStore: { enable: false }, format: { enable: false } };
const MODELINE = '# yaml-language-server: $schema=../.rapport/schema/rapport.schema.json';

let dir: string;
let client: LspClient | undefined;
let child: ChildProcessWithoutNullStreams | undefined;
let version = 0;

/** Opens a document in the report folder and returns its URI. */
function open(name: string, text: string): string {
  const file = path.join(dir, 'eskilstuna', 'servicenamnden-dr2-2023', name);
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  client!.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: ++version, text } });
  return uri;
}

/** The example's mal.yaml with the modeline naming the profile's schema. */
function malYaml(): string[] {
  const lines = readFileSync(path.join(ROOT, 'examples', 'eskilstuna', 'servicenamnden-dr2-2023', 'mal.yaml'), 'utf8').split('\n');
  lines[0] = MODELINE;
  return lines;
}
const firstBedömning = (lines: string[]) => lines.findIndex((l) => /^\s*bedömning: /.test(l));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rapport-lsp-'));
  cpSync(path.join(ROOT, 'examples', 'eskilstuna'), path.join(dir, 'eskilstuna'), { recursive: true });
  expect(writeProfileSchemas(['.'], dir).diagnostics).toEqual([]);
  child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  client = new LspClient(child);
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'rapport' }],
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
      textDocument: {
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        publishDiagnostics: {},
      },
    },
  });
  client.notify('initialized', {});
  client.notify('workspace/didChangeConfiguration', { settings: { yaml: YAML_SETTINGS } });
}, TIMEOUT);

afterAll(async () => {
  if (client && child && child.exitCode === null) {
    await Promise.race([client.request('shutdown', null).catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
    client.notify('exit', null);
  }
  child?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('yaml-language-server with the profile\'s schema (rapport schema)', () => {
  it('offers the profile\'s scale values, with their meaning, after `bedömning: `', async () => {
    const lines = malYaml();
    const i = firstBedömning(lines);
    lines[i] = lines[i]!.replace(/bedömning: .*/, 'bedömning: ');
    const uri = open('komplettering.yaml', lines.join('\n'));
    const result = await client!.request('textDocument/completion', { textDocument: { uri }, position: { line: i, character: lines[i]!.length } });
    const items = (Array.isArray(result) ? result : result.items) as { label: string; documentation?: string | { value: string } }[];
    const doc = (d: (typeof items)[number]) => (typeof d.documentation === 'string' ? d.documentation : d.documentation?.value ?? '');
    console.log('completion:\n' + items.map((it) => `${it.label} — ${doc(it)}`).join('\n'));
    expect(items.map((it) => it.label)).toEqual(['uppnår', 'delvis', 'ej_uppnår', 'uppgift saknas']);
    expect(doc(items[0]!)).toContain('Huvudprocessen');
  }, TIMEOUT);

  it('flags the typo `bedomning:` as a property that is not allowed, not as a type error', async () => {
    const lines = malYaml();
    const i = firstBedömning(lines);
    lines[i] = lines[i]!.replace('bedömning:', 'bedomning:');
    const uri = open('stavfel.yaml', lines.join('\n'));
    const params = await client!.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length > 0);
    const messages = (params.diagnostics as { message: string; range: { start: { line: number } } }[]).map((d) => `${d.range.start.line}: ${d.message}`);
    console.log('diagnostics:\n' + messages.join('\n'));
    expect(messages).toContain(`${i}: Property bedomning is not allowed.`);
    expect(messages.join('\n')).not.toMatch(/Incorrect type/);
  }, TIMEOUT);

  it('offers a resultaträkning\'s columns in `kolumner:` with the profile\'s heading per report type', async () => {
    const lines = [MODELINE, 'ekonomi:', '  resultaträkning:', '    id: rr-lsp', '    enhet: tkr', '    kolumner:', '      - utfall', '      - '];
    const i = lines.length - 1;
    const uri = open('kolumner.yaml', lines.join('\n'));
    const result = await client!.request('textDocument/completion', { textDocument: { uri }, position: { line: i, character: lines[i]!.length } });
    const items = (Array.isArray(result) ? result : result.items) as { label: string; documentation?: string | { value: string } }[];
    const doc = (d: (typeof items)[number] | undefined) => (typeof d?.documentation === 'string' ? d.documentation : d?.documentation?.value ?? '');
    console.log('completion:\n' + items.map((it) => `${it.label} — ${doc(it)}`).join('\n'));
    expect(items.map((it) => it.label)).toEqual(expect.arrayContaining(['utfall_fg', 'budget', 'prognos', 'budget_helår']));
    const utfallFg = doc(items.find((it) => it.label === 'utfall_fg'));
    // Eskilstuna's profile: "Utfall {Månad} {fg}" in a delårsrapport, "Bokslut {fg}" in a verksamhetsberättelse, both by default.
    expect(utfallFg).toContain('**delårsrapport**: "Utfall {Månad} {fg}" (standard)');
    expect(utfallFg).toContain('**verksamhetsberättelse**: "Bokslut {fg}" (standard)');
  }, TIMEOUT);

  it('shows the Swedish description of `bedömning` on hover, with the values\' meaning', async () => {
    const lines = malYaml();
    const i = firstBedömning(lines);
    const uri = open('hover.yaml', lines.join('\n'));
    const hover = await client!.request('textDocument/hover', { textDocument: { uri }, position: { line: i, character: lines[i]!.indexOf('bedömning') + 2 } });
    const text = typeof hover.contents === 'string' ? hover.contents : hover.contents.value;
    console.log('hover:\n' + text);
    expect(text).toContain('Huvudprocess: bedömning (profilens skala');
    expect(text).toContain('uppgift saknas');
  }, TIMEOUT);
});
