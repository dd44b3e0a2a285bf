import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIELDS, fieldFor } from '../../src/console/editor/fields';
import { getPath, setPath } from '../../src/console/editor/paths';
import { maskedTemplate, switchTrialType } from '../../src/console/editor/template';
import type { Definition } from '../../src/console/types';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (path: string): Definition => JSON.parse(readFileSync(resolve(REPO, path), 'utf8')) as Definition;
const SCHEMA = read('server/src/main/resources/schema/experiment.schema.json');
const MASKED_DEMO = read('stimuli/fashion-mnist/experiments/masked-demo.json');
const CLICKME_DEMO = read('stimuli/fashion-mnist/experiments/clickme-demo.json');
const TRIPLET_DEMO = read('stimuli/fashion-mnist-triplets/experiments/triplet-demo.json');
const FASHION_CATEGORIES = (read('stimuli/fashion-mnist/manifest.json').categories as string[]).map((name) => ({ name, images: 30 }));

type Schema = Record<string, unknown>;

/**
 * Just enough JSON Schema (the keywords experiment.schema.json uses) to check a definition here,
 * without a validator dependency. Answers the paths of the problems, [] when valid.
 */
function schemaProblems(value: unknown, schema: Schema, path = ''): string[] {
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref.replace(/^#\//, '').split('/').reduce<unknown>((s, key) => (s as Schema)[key], SCHEMA);
    return schemaProblems(value, target as Schema, path);
  }
  const at = path === '' ? '(root)' : path;
  const problems: string[] = [];
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) problems.push(`${at}: not one of the enum`);
  if ('const' in schema && schema.const !== value) problems.push(`${at}: not the const`);
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: not an object`];
      const object = value as Record<string, unknown>;
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      for (const key of (schema.required ?? []) as string[]) if (!(key in object)) problems.push(`${path === '' ? '' : `${path}.`}${key}: required`);
      for (const [key, v] of Object.entries(object)) {
        const child = `${path === '' ? '' : `${path}.`}${key}`;
        if (properties[key]) problems.push(...schemaProblems(v, properties[key], child));
        else if (schema.additionalProperties === false) problems.push(`${child}: not allowed`);
      }
      for (const rule of (schema.allOf ?? []) as Schema[]) {
        if (schemaProblems(value, { type: 'object', ...(rule.if as Schema) }, path).length === 0) {
          problems.push(...schemaProblems(value, { type: 'object', ...(rule.then as Schema) }, path));
        }
      }
      break;
    }
    case 'array':
      if (!Array.isArray(value)) return [`${at}: not an array`];
      if (typeof schema.minItems === 'number' && value.length < schema.minItems) problems.push(`${at}: too few items`);
      if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) problems.push(`${at}: too many items`);
      if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) problems.push(`${at}: repeated items`);
      value.forEach((item, i) => problems.push(...schemaProblems(item, schema.items as Schema, `${path}[${i}]`)));
      break;
    case 'string':
      if (typeof value !== 'string') return [`${at}: not a string`];
      if (typeof schema.minLength === 'number' && value.length < schema.minLength) problems.push(`${at}: too short`);
      if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) problems.push(`${at}: too long`);
      if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) problems.push(`${at}: does not match the pattern`);
      break;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || (schema.type === 'integer' && !Number.isInteger(value))) return [`${at}: not a ${String(schema.type)}`];
      if (typeof schema.minimum === 'number' && value < schema.minimum) problems.push(`${at}: below the minimum`);
      if (typeof schema.maximum === 'number' && value > schema.maximum) problems.push(`${at}: above the maximum`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') return [`${at}: not a boolean`];
      break;
  }
  return problems;
}

describe('the new-experiment template', () => {
  it('the schema check used here accepts the shipped demos and names what is wrong in a broken one', () => {
    expect(schemaProblems(MASKED_DEMO, SCHEMA)).toEqual([]);
    expect(schemaProblems(CLICKME_DEMO, SCHEMA)).toEqual([]);
    const broken = { ...MASKED_DEMO, slug: 'Bad Slug', conditions: { durationsMs: [0], manipulations: [] }, colour: 'red' };
    expect(schemaProblems(broken, SCHEMA)).toEqual([
      'slug: does not match the pattern',
      'conditions.durationsMs[0]: below the minimum',
      'conditions.manipulations: too few items',
      'colour: not allowed',
    ]);
  });

  it('validates against experiment.schema.json with the Fashion-MNIST set chosen', () => {
    const template = maskedTemplate({ name: 'fashion-mnist', categories: FASHION_CATEGORIES });
    expect(schemaProblems(template, SCHEMA)).toEqual([]);
    expect(template.stimulusSet).toBe('fashion-mnist');
    expect((template.categories as unknown[]).length).toBe(10);
  });

  it('passes the server checks that depend on the set: enough distinct images, no more blocks than trials', () => {
    const template = maskedTemplate({ name: 'fashion-mnist', categories: FASHION_CATEGORIES });
    const practice = (template.practice as { trials: number }).trials;
    expect((template.trialsPerParticipant as number) + practice).toBeLessThanOrEqual(FASHION_CATEGORIES.length * 30);
    expect((template.blocks as { count: number }).count).toBeLessThanOrEqual(template.trialsPerParticipant as number);
  });

  it('stays valid when switched to ClickMe-only and back', () => {
    const template = maskedTemplate({ name: 'fashion-mnist', categories: FASHION_CATEGORIES });
    const clickme = switchTrialType({ ...template, trialType: 'clickme' }, {}, 'fashion-cnn');
    expect(schemaProblems(clickme.definition, SCHEMA)).toEqual([]);
    const back = switchTrialType({ ...clickme.definition, trialType: 'masked' }, clickme.stash, 'fashion-cnn');
    expect(schemaProblems(back.definition, SCHEMA)).toEqual([]);
    expect(back.definition.conditions).toEqual(template.conditions);
  });

  it('stays valid when switched to triplets and back, keeping what the masked design held', () => {
    const template = maskedTemplate({ name: 'fashion-mnist', categories: FASHION_CATEGORIES });
    const triplet = switchTrialType({ ...template, trialType: 'triplet' }, {}, 'fashion-cnn');
    expect(schemaProblems(triplet.definition, SCHEMA)).toEqual([]);
    for (const key of ['conditions', 'trialsPerParticipant', 'practice', 'categories']) expect(key in triplet.definition, key).toBe(false);
    expect(triplet.definition.triplet).toMatchObject({ images: 'all', presentation: { mode: 'untilResponse' } });
    const back = switchTrialType({ ...triplet.definition, trialType: 'masked' }, triplet.stash, 'fashion-cnn');
    expect(schemaProblems(back.definition, SCHEMA)).toEqual([]);
    expect('triplet' in back.definition).toBe(false);
    expect(back.definition.categories).toEqual(template.categories);
    expect(back.definition.conditions).toEqual(template.conditions);
    const again = switchTrialType({ ...back.definition, trialType: 'triplet' }, back.stash, 'fashion-cnn');
    expect(again.definition.triplet, 'the triplet section comes back as it was').toEqual(triplet.definition.triplet);
  });
});

describe('form fields', () => {
  it('each field shows a demo definition and gives back exactly the same JSON', () => {
    for (const demo of [MASKED_DEMO, CLICKME_DEMO, TRIPLET_DEMO]) {
      for (const spec of FIELDS) {
        const value = getPath(demo, spec.path);
        const roundTrip = setPath(demo, spec.path, spec.codec.parse(spec.codec.format(value), value));
        expect(roundTrip, `${String(demo.slug)} through field ${spec.name}`).toEqual(demo);
      }
    }
  });

  it('every field edits a property the schema knows', () => {
    // The triplet section is filled in on the server from TripletDefinition.schemaSection().
    const tripletSection = readFileSync(resolve(REPO, 'server/src/main/java/dev/tandem/triplet/TripletDefinition.java'), 'utf8');
    const known = (path: string): boolean => {
      if (path.startsWith('triplet.')) return path.split('.').slice(1).every((key) => tripletSection.includes(`putObject("${key}")`));
      let schema: Schema | undefined = SCHEMA;
      for (const key of path.split('.')) schema = (schema?.properties as Record<string, Schema> | undefined)?.[key];
      return schema !== undefined;
    };
    expect(FIELDS.filter((f) => !known(f.path)).map((f) => f.name)).toEqual([]);
  });

  it('field testids are unique and kebab-case', () => {
    const names = FIELDS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('an error belongs to the field of the longest path it lies under', () => {
    expect(fieldFor('title')?.name).toBe('title');
    expect(fieldFor('conditions.durationsMs[2]')?.name).toBe('durations-ms');
    expect(fieldFor('conditions.manipulations[0].level')?.name).toBe('manipulations');
    expect(fieldFor('clickme.partner.topK')?.name).toBe('clickme-top-k');
    expect(fieldFor('clickme.noiseSd')?.name).toBe('clickme-enabled');
    expect(fieldFor('timing')?.name).toBe('fixation-ms');
    expect(fieldFor('')).toBeNull();
    expect(fieldFor('practice.manipulation.level')).toBeNull();
  });
});

describe('definition paths', () => {
  it('read nested values and write without touching the original', () => {
    const d = { timing: { fixationMs: 500 } };
    expect(getPath(d, 'timing.fixationMs')).toBe(500);
    expect(getPath(d, 'timing.maskMs')).toBeUndefined();
    expect(getPath(d, 'nothing.here')).toBeUndefined();
    const written = setPath(d, 'display.size', 112);
    expect(written).toEqual({ timing: { fixationMs: 500 }, display: { size: 112 } });
    expect(d).toEqual({ timing: { fixationMs: 500 } });
  });

  it('remove a value and any object it leaves empty', () => {
    expect(setPath({ a: { b: { c: 1 } }, k: 1 }, 'a.b.c', undefined)).toEqual({ k: 1 });
    expect(setPath({ a: { b: 1, c: 2 } }, 'a.b', undefined)).toEqual({ a: { c: 2 } });
    expect(setPath({ k: 1 }, 'x.y', undefined)).toEqual({ k: 1 });
  });
});
