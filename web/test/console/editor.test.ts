import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DefinitionEditor, type EditorOptions } from '../../src/console/editor/editor';
import { maskedTemplate } from '../../src/console/editor/template';
import type { Definition, StimulusSet, Validation } from '../../src/console/types';
import { byTestId, check, settle, type } from './helpers';

const FASHION: StimulusSet = {
  id: 1, name: 'fashion-mnist', version: '1', images: 300, importedAt: '2026-01-01T00:00:00Z',
  categories: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']
    .map((name) => ({ name, images: 30 })),
};
const ANIMALS: StimulusSet = {
  id: 2, name: 'animals', version: '1', images: 40, importedAt: '2026-01-02T00:00:00Z',
  categories: [{ name: 'cat', images: 20 }, { name: 'dog', images: 20 }],
};

const VALID: Validation = { valid: true, errors: [] };

function setup(options: Partial<EditorOptions> = {}) {
  const validate = vi.fn<(d: Definition) => Promise<Validation>>(() => Promise.resolve(VALID));
  const editor = new DefinitionEditor({
    definition: maskedTemplate(FASHION),
    validate,
    stimulusSets: [FASHION, ANIMALS],
    models: ['fashion-cnn'],
    ...options,
  });
  document.body.replaceChildren(editor.element);
  const json = byTestId<HTMLTextAreaElement>(document, 'json-editor');
  const shown = (): Definition => JSON.parse(json.value) as Definition;
  return { editor, validate, json, shown };
}

const field = <T extends HTMLElement = HTMLInputElement>(name: string) => byTestId<T>(document, `field-${name}`);

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('form and JSON stay in step', () => {
  it('shows the definition in both halves', () => {
    const { shown } = setup();
    expect(field('title').value).toBe('New masked experiment');
    expect(field('durations-ms').value).toBe('17, 33, 67, 133, 267');
    expect(field<HTMLTextAreaElement>('categories').value.split('\n')[0]).toBe('T-shirt/top = 0');
    expect(shown().title).toBe('New masked experiment');
  });

  it('typing in the form rewrites the JSON', () => {
    const { shown, editor } = setup();
    type(field('title'), 'Flash <b>clothes</b>');
    type(field('durations-ms'), '8, 17,33');
    type(field('manipulations'), 'none, uniform-noise:0.2');
    type(field('fixation-ms'), '300');
    expect(shown().title).toBe('Flash <b>clothes</b>');
    expect(shown().conditions).toEqual({ durationsMs: [8, 17, 33], manipulations: [{ name: 'none' }, { name: 'uniform-noise', level: 0.2 }] });
    expect((shown().timing as Record<string, unknown>).fixationMs).toBe(300);
    expect(editor.definition).toEqual(shown());
  });

  it('clearing a field removes the property, and an object left empty with it', () => {
    const { shown } = setup({ definition: { ...maskedTemplate(FASHION), display: { size: 224 } } });
    type(field('display-size'), '');
    expect('display' in shown()).toBe(false);
  });

  it('keeps text that is not a number, so the validator names the field', () => {
    const { shown } = setup();
    type(field('durations-ms'), '17, fast');
    expect((shown().conditions as Record<string, unknown>).durationsMs).toEqual([17, 'fast']);
  });

  it('editing the JSON refills the form', () => {
    const { json } = setup();
    const edited = { ...maskedTemplate(FASHION), title: 'From JSON', conditions: { durationsMs: [50], manipulations: [{ name: 'contrast', level: 0.1 }] } };
    type(json, JSON.stringify(edited));
    expect(field('title').value).toBe('From JSON');
    expect(field('durations-ms').value).toBe('50');
    expect(field('manipulations').value).toBe('contrast:0.1');
  });

  it('JSON that does not parse is reported and leaves the form on the last good definition', async () => {
    const { json, validate } = setup();
    await vi.advanceTimersByTimeAsync(1000);
    validate.mockClear();
    type(json, '{"title": "half');
    await vi.advanceTimersByTimeAsync(1000);
    expect(byTestId(document, 'json-error').hidden).toBe(false);
    expect(byTestId(document, 'json-error').textContent).toMatch(/Not valid JSON/);
    expect(byTestId(document, 'validation-errors').textContent).toMatch(/\(JSON\)/);
    expect(field('title').value).toBe('New masked experiment');
    expect(validate).not.toHaveBeenCalled();
  });

  it('keeps a category label the form does not show while the category stays', () => {
    const labelled = { ...maskedTemplate(FASHION), categories: [{ name: 'Bag', label: 'Handbag', key: '8' }, { name: 'Coat' }] };
    const { shown } = setup({ definition: labelled });
    expect(field<HTMLTextAreaElement>('categories').value).toBe('Bag = 8\nCoat');
    type(field<HTMLTextAreaElement>('categories'), 'Bag = 9\nCoat\nDress = d');
    expect(shown().categories).toEqual([{ name: 'Bag', label: 'Handbag', key: '9' }, { name: 'Coat' }, { name: 'Dress', key: 'd' }]);
  });

  it('switching to ClickMe-only puts the masked parts aside, and switching back restores them', () => {
    const { shown } = setup();
    type(field('durations-ms'), '25, 50');
    type(field<HTMLSelectElement>('trial-type'), 'clickme');
    const clickme = shown();
    expect(clickme.trialType).toBe('clickme');
    expect('conditions' in clickme || 'trialsPerParticipant' in clickme || 'practice' in clickme || 'mask' in clickme).toBe(false);
    expect(clickme.clickme).toEqual({ rounds: 10, partner: { model: 'fashion-cnn' } });
    expect(field('durations-ms').closest<HTMLElement>('.field')!.hidden).toBe(true);
    expect(field('clickme-rounds').closest<HTMLElement>('.field')!.hidden).toBe(false);
    type(field<HTMLSelectElement>('trial-type'), 'masked');
    expect((shown().conditions as Record<string, unknown>).durationsMs).toEqual([25, 50]);
  });

  it('switching to triplets shows the triplet fields instead of the masked ones and edits the triplet section', () => {
    const { shown } = setup();
    type(field<HTMLSelectElement>('trial-type'), 'triplet');
    const triplet = shown();
    expect('categories' in triplet || 'conditions' in triplet || 'trialsPerParticipant' in triplet).toBe(false);
    const visible = (name: string) => !field(name).closest<HTMLElement>('.field')!.hidden;
    expect(visible('durations-ms') || visible('categories') || visible('blocks-count')).toBe(false);
    expect(visible('triplet-images') && visible('triplet-catch-rate') && visible('triplet-blocks-count')).toBe(true);
    expect(visible('triplet-presentation-frames'), 'only for timed triplets').toBe(false);
    expect(field('triplet-images').value).toBe('all');
    type(field('triplet-images'), 'Bag, Coat, Dress');
    type(field<HTMLSelectElement>('triplet-presentation-mode'), 'frames');
    expect(visible('triplet-presentation-frames')).toBe(true);
    type(field('triplet-presentation-frames'), '6');
    type(field('triplet-catch-rate'), '0.2');
    expect(shown().triplet).toEqual({
      images: ['Bag', 'Coat', 'Dress'], trialsPerParticipant: 40, presentation: { mode: 'frames', frames: 6 }, response: 'click', catchRate: 0.2, repeatShare: 0.5,
    });
    type(field('stimulus-set'), 'animals');
    expect('categories' in shown(), 'a triplet experiment gets no categories from its set').toBe(false);
    type(field<HTMLSelectElement>('trial-type'), 'masked');
    expect(shown().categories).toEqual([{ name: 'cat', key: '0' }, { name: 'dog', key: '1' }]);
  });

  it('puts an error on the blocks of a triplet experiment beside the triplet field that shows them', async () => {
    const { editor } = setup();
    type(field<HTMLSelectElement>('trial-type'), 'triplet');
    editor.showErrors([{ field: 'blocks.count', message: 'more blocks (50) than triplets (40)' }]);
    await settle();
    expect(byTestId(document, 'field-triplet-blocks-count-error').textContent).toBe('more blocks (50) than triplets (40)');
  });

  it('ClickMe rounds can be added to a masked experiment and removed again', () => {
    const { shown } = setup();
    expect(field('clickme-rounds').closest<HTMLElement>('.field')!.hidden).toBe(true);
    expect(field('clickme-rounds').closest('fieldset')!.hidden).toBe(true);
    check(field('clickme-enabled'), true);
    expect(field('clickme-rounds').closest('fieldset')!.hidden).toBe(false);
    expect(shown().clickme).toEqual({ rounds: 10, placement: 'after', partner: { model: 'fashion-cnn' } });
    expect(field('clickme-rounds').closest<HTMLElement>('.field')!.hidden).toBe(false);
    check(field('clickme-enabled'), false);
    expect('clickme' in shown()).toBe(false);
  });

  it('choosing another stimulus set brings its categories', () => {
    const { shown } = setup();
    type(field<HTMLSelectElement>('stimulus-set'), 'animals');
    expect(shown().stimulusSet).toBe('animals');
    expect(shown().categories).toEqual([{ name: 'cat', key: '0' }, { name: 'dog', key: '1' }]);
  });

  it('a set the server does not have still shows in the select', () => {
    setup({ definition: { ...maskedTemplate(FASHION), stimulusSet: 'imagenet-16' } });
    expect(field<HTMLSelectElement>('stimulus-set').value).toBe('imagenet-16');
  });
});

describe('validation as you type', () => {
  it('asks the server once, 300 ms after the last keystroke', async () => {
    const { validate } = setup();
    await vi.advanceTimersByTimeAsync(1000);
    validate.mockClear();
    type(field('title'), 'A');
    await vi.advanceTimersByTimeAsync(200);
    type(field('title'), 'AB');
    await vi.advanceTimersByTimeAsync(299);
    expect(validate).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(validate).toHaveBeenCalledOnce();
    expect(validate.mock.calls[0]![0].title).toBe('AB');
  });

  it('shows each error beside its field and every error, with its path, in the list', async () => {
    const { validate, editor } = setup();
    validate.mockResolvedValue({
      valid: false,
      errors: [
        { field: 'title', message: 'must be at least 1 character long' },
        { field: 'conditions.durationsMs[1]', message: 'must be an integer' },
        { field: 'categories[3].name', message: '"Hat" is not a category of stimulus set fashion-mnist' },
        { field: 'conditions', message: 'trialType clickme has no masked conditions' },
        { field: '', message: 'definition could not be read' },
      ],
    });
    await editor.validateNow();
    expect(byTestId(document, 'field-title-error').textContent).toBe('must be at least 1 character long');
    expect(byTestId(document, 'field-title-error').hidden).toBe(false);
    expect(field('title').getAttribute('aria-invalid')).toBe('true');
    expect(byTestId(document, 'field-durations-ms-error').textContent)
      .toBe('conditions.durationsMs[1]: must be an integer conditions: trialType clickme has no masked conditions');
    expect(byTestId(document, 'field-categories-error').textContent).toMatch(/categories\[3\]\.name: "Hat"/);
    expect(byTestId(document, 'field-slug-error').hidden).toBe(true);
    const items = Array.from(byTestId(document, 'validation-errors').querySelectorAll('li'));
    expect(items.map((li) => li.dataset.field)).toEqual(['title', 'conditions.durationsMs[1]', 'categories[3].name', 'conditions', '']);
    expect(items[4]!.textContent).toBe('(definition) definition could not be read');
    expect(byTestId(document, 'validation-status').textContent).toBe('5 problem(s).');
  });

  it('clears the messages once the definition is valid', async () => {
    const { validate, editor } = setup();
    validate.mockResolvedValueOnce({ valid: false, errors: [{ field: 'title', message: 'required' }] });
    await editor.validateNow();
    expect(byTestId(document, 'field-title-error').hidden).toBe(false);
    type(field('title'), 'Fixed');
    await vi.advanceTimersByTimeAsync(300);
    await settle();
    expect(byTestId(document, 'field-title-error').hidden).toBe(true);
    expect(byTestId(document, 'validation-errors').children.length).toBe(0);
    expect(byTestId(document, 'validation-status').textContent).toBe('Valid.');
  });

  it('drops an answer overtaken by a newer edit', async () => {
    const { validate, editor } = setup();
    let answerFirst: (v: Validation) => void = () => {};
    validate.mockImplementationOnce(() => new Promise((resolve) => (answerFirst = resolve)));
    const first = editor.validateNow();
    type(field('title'), 'newer');
    await vi.advanceTimersByTimeAsync(300);
    answerFirst({ valid: false, errors: [{ field: 'title', message: 'stale' }] });
    await first;
    await settle();
    expect(byTestId(document, 'field-title-error').hidden).toBe(true);
  });

  it('text typed into a title is shown as text, never as markup', async () => {
    const { validate, editor } = setup();
    validate.mockResolvedValue({ valid: false, errors: [{ field: 'title', message: '<img src=x onerror=alert(1)>' }] });
    await editor.validateNow();
    const error = byTestId(document, 'field-title-error');
    expect(error.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(error.querySelector('img')).toBeNull();
  });

  it('the slug of a saved experiment cannot change', () => {
    const { json } = setup({ lockedSlug: 'new-masked-experiment' });
    expect(field('slug').readOnly).toBe(true);
    type(json, JSON.stringify({ ...maskedTemplate(FASHION), slug: 'renamed' }));
    expect(byTestId(document, 'field-slug-error').textContent).toMatch(/must stay "new-masked-experiment"/);
  });
});
