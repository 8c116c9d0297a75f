import type { z } from 'zod';
import type { PathSeg } from '../load/yaml-file.js';

type AnySchema = z.core.$ZodType;

function defOf(schema: AnySchema): Record<string, unknown> & { type: string } {
  return (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
}

export function unwrap(schema: AnySchema): AnySchema {
  let cur = schema;
  for (let i = 0; i < 10; i++) {
    const def = defOf(cur);
    if (['optional', 'default', 'nullable', 'prefault', 'readonly', 'nonoptional', 'catch'].includes(def.type)) cur = def.innerType as AnySchema;
    else if (def.type === 'pipe') cur = def.in as AnySchema;
    else break;
  }
  return cur;
}

export function unwrapToObject(schema: AnySchema): Record<string, AnySchema> | undefined {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def.type === 'object') return def.shape as Record<string, AnySchema>;
  if (def.type === 'record') {
    // A record with fixed keys (z.partialRecord over an enum): its keys are the enum's values.
    const keyDef = defOf(unwrap(def.keyType as AnySchema));
    if (keyDef.type === 'enum') {
      const valueType = def.valueType as AnySchema;
      return Object.fromEntries(Object.values(keyDef.entries as Record<string, string>).map((k) => [k, valueType]));
    }
  }
  if (def.type === 'union') {
    for (const option of def.options as AnySchema[]) {
      const shape = unwrapToObject(option);
      if (shape) return shape;
    }
  }
  return undefined;
}

export function childSchema(schema: AnySchema, seg: PathSeg): AnySchema | undefined {
  const s = unwrap(schema);
  const def = defOf(s);
  if (typeof seg === 'number') {
    if (def.type === 'array') return def.element as AnySchema;
    return undefined;
  }
  const shape = unwrapToObject(s);
  // Own keys only: a data key such as "constructor" must not find Object.prototype's member.
  return shape && Object.hasOwn(shape, seg) ? shape[seg] : undefined;
}
