// @vitest-environment node
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, fill, textTable } from '../src/participant/texts';

const SCHEMA = resolve(dirname(fileURLToPath(import.meta.url)), '../../server/src/main/resources/schema/experiment.schema.json');
const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));

describe('participant texts', () => {
  it('has every text in every built-in language, and the schema lets exactly those keys be overridden', () => {
    const keys = Object.keys(LANGUAGES.en).sort();
    for (const table of Object.values(LANGUAGES)) expect(Object.keys(table).sort()).toEqual(keys);
    expect(Object.keys(schema.properties.texts.properties).sort()).toEqual(keys);
    expect(schema.properties.language.enum.sort()).toEqual(Object.keys(LANGUAGES).sort());
  });

  it('takes the experiment\'s overrides over the language\'s texts and ignores unknown keys', () => {
    const t = textTable('de', { start: 'Los geht\'s', nonsense: 'x' });
    expect(t.start).toBe('Los geht\'s');
    expect(t.continue).toBe('Weiter');
    expect('nonsense' in t).toBe(false);
    expect(textTable('xx').continue).toBe('Continue');
  });

  it('fills named values and leaves unknown ones', () => {
    expect(fill('{done} of {total} {x}', { done: 3, total: 10 })).toBe('3 of 10 {x}');
  });
});
