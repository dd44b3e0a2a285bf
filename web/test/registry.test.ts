/**
 * The trial-kind registry (issue 13): each kind registers itself once, and the participant flow
 * names no kind, so adding one touches its package and the registry line only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRIAL_TYPE, pluginFor, plugins, resultChannels } from '../src/plugins/registry';
import type { TrialType } from '../src/core/api';

const PARTICIPANT = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'src', 'participant');
const KIND_LITERAL = /(['"`])(clickme|masked|triplet)\1/;

describe('trial-kind registry', () => {
  it('registers each kind under the name its info gives, with a versioned info', () => {
    for (const [type, plugin] of Object.entries(plugins)) {
      expect(plugin.info.name).toBe(type);
      expect(plugin.info.version).toMatch(new RegExp(`^${type}@\\d+\\.\\d+\\.\\d+$`));
      expect(Object.keys(plugin.info.parameters)).toContain('trial');
      expect(Object.keys(plugin.info.data)).toEqual(expect.arrayContaining(['responseId', 'trialIndex', 'clientTime']));
    }
  });

  it('finds the plugin for a type and takes the first kind for a block without one', () => {
    expect(pluginFor('clickme')).toBe(plugins.clickme);
    expect(pluginFor('triplet')).toBe(plugins.triplet);
    expect(pluginFor(undefined)).toBe(plugins[DEFAULT_TRIAL_TYPE]);
    expect(DEFAULT_TRIAL_TYPE).toBe('masked');
    expect(() => pluginFor('quadruplet' as TrialType)).toThrow(/no plugin is registered for trial type "quadruplet"/);
  });

  it('keeps the queue names that open sessions store records under', () => {
    // The browser's storage keys carry these names (core/queue.ts); renaming one loses queued records.
    expect(resultChannels().map((c) => [c.queueName, c.field])).toEqual([['', 'responses'], ['clickme', 'rounds'], ['triplets', 'judgements']]);
  });
});

describe('participant flow', () => {
  it('names no trial kind in its source', () => {
    const files = readdirSync(PARTICIPANT).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('flow.ts');
    const offenders = files.flatMap((f) => readFileSync(join(PARTICIPANT, f), 'utf8').split('\n')
      .map((line, i) => ({ where: `${f}:${i + 1}`, line }))
      .filter(({ line }) => KIND_LITERAL.test(line))
      .map(({ where, line }) => `${where}: ${line.trim()}`));
    expect(offenders).toEqual([]);
  });

  it('would notice a kind named in it', () => {
    expect(KIND_LITERAL.test("if (b.block.type === 'clickme')")).toBe(true);
    expect(KIND_LITERAL.test('name: "masked",')).toBe(true);
    expect(KIND_LITERAL.test("type === `triplet`")).toBe(true);
    expect(KIND_LITERAL.test("t.clickmeBlockText, 'maskedBlockText'")).toBe(false);
  });
});
