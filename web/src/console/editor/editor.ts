/**
 * The definition editor: the form beside a JSON view of the whole definition. Editing either
 * updates the other; a pause in typing (300 ms) sends the definition to the server's validator,
 * whose errors appear beside their fields and, always, in one list with their paths.
 */
import { describeError } from '../controls';
import { h } from '../dom';
import type { Definition, FieldError, StimulusSet, Validation } from '../types';
import { FIELD_GROUPS, type ControlValue, type FieldSpec } from './fields';
import { DefinitionForm } from './form';
import { getPath, isObject, setPath } from './paths';
import { categoriesOf, switchTrialType } from './template';

export interface EditorOptions {
  definition: Definition;
  validate(definition: Definition): Promise<Validation>;
  stimulusSets?: StimulusSet[];
  models?: string[];
  /** The slug of a saved experiment: a draft is stored under it, so it cannot change here. */
  lockedSlug?: string;
  debounceMs?: number;
  /** Called after every edit, from either side. */
  onChange?(definition: Definition): void;
}

export class DefinitionEditor {
  readonly element: HTMLElement;
  private current: Definition;
  private stash: Definition = {};
  private sets: StimulusSet[];
  private models: string[];
  private readonly form: DefinitionForm;
  private readonly json: HTMLTextAreaElement;
  private readonly jsonError: HTMLElement;
  private readonly errorList: HTMLElement;
  private readonly status: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Numbers validation requests, so an answer overtaken by a newer edit is dropped. */
  private requested = 0;
  private jsonBroken: string | null = null;
  private serverErrors: FieldError[] = [];

  constructor(private readonly options: EditorOptions) {
    this.current = structuredClone(options.definition);
    this.sets = options.stimulusSets ?? [];
    this.models = options.models ?? [];
    this.form = new DefinitionForm({
      groups: FIELD_GROUPS,
      choices: { 'stimulus-sets': this.sets.map((s) => s.name), models: this.models },
      readOnly: options.lockedSlug === undefined ? [] : ['slug'],
      onEdit: (spec, value) => this.formEdited(spec, value),
    });
    this.json = h('textarea', { id: 'json-editor', testid: 'json-editor', class: 'json', spellcheck: 'false', rows: 30,
      'aria-describedby': 'json-error' });
    this.json.addEventListener('input', () => this.jsonEdited());
    this.jsonError = h('p', { class: 'field-error', role: 'alert', id: 'json-error', testid: 'json-error', hidden: true });
    this.status = h('p', { class: 'validation-status', testid: 'validation-status', 'aria-live': 'polite' });
    this.errorList = h('ul', { class: 'validation-errors', testid: 'validation-errors' });
    this.element = h('div', { class: 'editor' },
      h('div', { class: 'editor-form' }, this.form.element),
      h('div', { class: 'editor-json' },
        h('label', { for: 'json-editor' }, 'Definition as JSON'), this.json, this.jsonError,
        h('h2', null, 'Validation'), this.status, this.errorList));
    this.form.update(this.current);
    this.json.value = pretty(this.current);
  }

  get definition(): Definition {
    return structuredClone(this.current);
  }

  /** Whether the JSON view holds text that is not JSON (then the form shows the last good one). */
  get jsonIsBroken(): boolean {
    return this.jsonBroken !== null;
  }

  setStimulusSets(sets: StimulusSet[]): void {
    this.sets = sets;
    this.form.setChoices('stimulus-sets', sets.map((s) => s.name));
    this.form.update(this.current);
  }

  setModels(models: string[]): void {
    this.models = models;
    this.form.setChoices('models', models);
    this.form.update(this.current);
  }

  /** Validates now (e.g. on load) instead of after the typing pause. */
  validateNow(): Promise<void> {
    clearTimeout(this.timer);
    return this.validate();
  }

  /** Errors from elsewhere (a saved draft, a refused publish) shown like the validator's. */
  showErrors(errors: FieldError[]): void {
    this.serverErrors = errors;
    this.render();
  }

  private formEdited(spec: FieldSpec, value: ControlValue): void {
    const before = this.current;
    let next = setPath(before, spec.path, spec.codec.parse(value, getPath(before, spec.path)));
    if (spec.path === 'trialType' && before.trialType !== next.trialType) {
      const switched = switchTrialType(next, this.stash, this.models[0] ?? 'fashion-cnn');
      next = switched.definition;
      this.stash = switched.stash;
    }
    // A triplet experiment has no categories (its triplet.images choose the images).
    if (next.trialType !== 'triplet' && (spec.path === 'stimulusSet' || (spec.path === 'trialType' && before.trialType === 'triplet'))) {
      next = this.withCategoriesOf(next);
    }
    this.current = next;
    this.jsonBroken = null;
    this.json.value = pretty(next);
    this.form.update(next);
    this.changed();
  }

  /**
   * A new stimulus set brings its own categories when the old list does not fit it; a list the
   * experimenter narrowed to categories the new set also has is kept.
   */
  private withCategoriesOf(definition: Definition): Definition {
    const set = this.sets.find((s) => s.name === definition.stimulusSet);
    if (!set) return definition;
    const names = new Set(set.categories.map((c) => c.name));
    const current = Array.isArray(definition.categories) ? definition.categories : [];
    const fits = current.length >= 2 && current.every((c) => isObject(c) && names.has(String(c.name)));
    return fits ? definition : { ...definition, categories: categoriesOf(set) };
  }

  private jsonEdited(): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.json.value);
    } catch (e) {
      this.jsonBroken = `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
      clearTimeout(this.timer);
      this.render();
      return;
    }
    if (!isObject(parsed)) {
      this.jsonBroken = 'The definition must be a JSON object { … }.';
      clearTimeout(this.timer);
      this.render();
      return;
    }
    this.jsonBroken = null;
    this.current = parsed;
    this.form.update(parsed);
    this.changed();
  }

  private changed(): void {
    this.serverErrors = [];
    this.status.textContent = 'Checking…';
    this.render();
    this.options.onChange?.(this.definition);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.validate(), this.options.debounceMs ?? 300);
  }

  private async validate(): Promise<void> {
    if (this.jsonBroken !== null) return;
    const request = ++this.requested;
    try {
      const answer = await this.options.validate(this.definition);
      if (request !== this.requested) return;
      this.serverErrors = answer.errors;
      this.status.textContent = answer.valid && answer.errors.length === 0 ? 'Valid.' : `${answer.errors.length} problem(s).`;
      this.status.dataset.valid = String(answer.valid);
    } catch (e) {
      if (request !== this.requested) return;
      this.status.textContent = `Could not validate: ${describeError(e)}`;
      delete this.status.dataset.valid;
    }
    this.render();
  }

  private errors(): FieldError[] {
    const local: FieldError[] = [];
    if (this.jsonBroken !== null) local.push({ field: '(JSON)', message: this.jsonBroken });
    const locked = this.options.lockedSlug;
    if (locked !== undefined && this.current.slug !== locked) {
      local.push({ field: 'slug', message: `must stay "${locked}": the draft is saved under this experiment's slug` });
    }
    return [...local, ...this.serverErrors];
  }

  private render(): void {
    const errors = this.errors();
    this.jsonError.textContent = this.jsonBroken ?? '';
    this.jsonError.hidden = this.jsonBroken === null;
    this.json.classList.toggle('invalid', this.jsonBroken !== null);
    this.form.showErrors(errors.filter((e) => e.field !== '(JSON)'));
    if (this.jsonBroken !== null) this.status.textContent = 'The JSON does not parse.';
    this.errorList.replaceChildren(...errors.map((e, i) =>
      h('li', { testid: `validation-error-${i}`, 'data-field': e.field },
        h('code', null, e.field === '' ? '(definition)' : e.field), ' ', e.message)));
  }
}

function pretty(definition: Definition): string {
  return `${JSON.stringify(definition, null, 2)}\n`;
}
