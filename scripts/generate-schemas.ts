import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { jsonSchemas, serializeSchema } from '../src/json-schema/schemas.js';

const dir = path.resolve(import.meta.dirname, '..', 'schemas');
for (const [name, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(path.join(dir, name), serializeSchema(schema));
  console.log(`skrev schemas/${name}`);
}
