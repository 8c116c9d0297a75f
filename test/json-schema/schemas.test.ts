import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../src/json-schema/schemas.js';
import { EXAMPLE, ROOT } from '../helpers.js';

describe('schemas/', () => {
  it('holds exactly the JSON Schemas generated from the Zod schemas (run `npm run schemas` after a change)', () => {
    for (const [name, schema] of Object.entries(jsonSchemas())) {
      const committed = readFileSync(path.join(ROOT, 'schemas', name), 'utf8');
      expect(committed, `schemas/${name} is stale`).toBe(JSON.stringify(schema, null, 2) + '\n');
    }
  });

  it('is draft-07 and rejects unknown keys, as the tool does', () => {
    const schema = jsonSchemas()['rapport.schema.json'] as { $schema: string; additionalProperties: boolean };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
  });

  it('is named by the modeline on the first line of every example YAML file', () => {
    const files = readdirSync(EXAMPLE).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      expect(readFileSync(path.join(EXAMPLE, f), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../../schemas/rapport.schema.json');
    }
  });
});
