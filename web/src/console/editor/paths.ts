/**
 * Reading and writing a definition by dotted path ("timing.fixationMs"). Writes return a new
 * object; writing undefined removes the property and any object it leaves empty, so clearing
 * the last timing field removes "timing" rather than leaving {} behind.
 */
import type { Definition } from '../types';

export function getPath(definition: Definition, path: string): unknown {
  let value: unknown = definition;
  for (const key of path.split('.')) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

export function setPath(definition: Definition, path: string, value: unknown): Definition {
  const copy = structuredClone(definition);
  const keys = path.split('.');
  const parents: Record<string, unknown>[] = [copy];
  for (const key of keys.slice(0, -1)) {
    const parent = parents[parents.length - 1]!;
    if (!isObject(parent[key])) {
      if (value === undefined) return copy;
      parent[key] = {};
    }
    parents.push(parent[key] as Record<string, unknown>);
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) {
    delete parents[parents.length - 1]![last];
    for (let i = parents.length - 1; i > 0; i--) {
      if (Object.keys(parents[i]!).length > 0) break;
      delete parents[i - 1]![keys[i - 1]!];
    }
  } else {
    parents[parents.length - 1]![last] = value;
  }
  return copy;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a validation error at errorPath is about the field at fieldPath: the same path, or a
 * part of it ("conditions.durationsMs[2]" is about "conditions.durationsMs").
 */
export function isWithin(errorPath: string, fieldPath: string): boolean {
  return errorPath === fieldPath || errorPath.startsWith(`${fieldPath}.`) || errorPath.startsWith(`${fieldPath}[`);
}
