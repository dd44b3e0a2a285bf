/**
 * The form half of the editor: one control per field, each with its validation message below
 * it. It holds no definition of its own: it shows one ({@link update}) and reports edits.
 */
import { h } from '../dom';
import type { Definition, FieldError } from '../types';
import { fieldFor, type ControlValue, type FieldSpec } from './fields';
import { getPath } from './paths';

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

interface FieldView {
  spec: FieldSpec;
  control: Control;
  row: HTMLElement;
  error: HTMLElement;
}

export interface FormOptions {
  groups: { title: string; fields: FieldSpec[] }[];
  /** Option lists for selects filled at run time. */
  choices: { 'stimulus-sets': string[]; models: string[] };
  /** Fields shown but not editable (the slug of an existing experiment). */
  readOnly?: string[];
  onEdit(spec: FieldSpec, value: ControlValue): void;
}

export class DefinitionForm {
  readonly element: HTMLElement;
  private readonly views: FieldView[] = [];
  private readonly fields: FieldSpec[];
  private readonly groups: { element: HTMLElement; views: FieldView[] }[];

  constructor(private readonly options: FormOptions) {
    this.fields = options.groups.flatMap((g) => g.fields);
    this.groups = options.groups.map((group) => {
      const views = group.fields.map((spec) => this.field(spec));
      this.views.push(...views);
      return { views, element: h('fieldset', null, h('legend', null, group.title), views.map((v) => v.row)) };
    });
    this.element = h('div', { class: 'definition-form', testid: 'definition-form' }, this.groups.map((g) => g.element));
  }

  /** Shows a definition; the control the user is typing in keeps its own text. */
  update(definition: Definition): void {
    const focused = this.element.ownerDocument.activeElement;
    for (const view of this.views) {
      view.row.hidden = view.spec.visible ? !view.spec.visible(definition) : false;
      const value = view.spec.codec.format(getPath(definition, view.spec.path));
      if (view.control instanceof HTMLSelectElement) this.ensureOption(view.control, String(value));
      if (view.control === focused) continue;
      if (view.control instanceof HTMLInputElement && view.control.type === 'checkbox') view.control.checked = value === true;
      else view.control.value = String(value);
    }
    for (const group of this.groups) group.element.hidden = group.views.every((v) => v.row.hidden);
  }

  /** Puts each error beside its field; answers the errors no field shows. */
  showErrors(errors: FieldError[]): FieldError[] {
    const byField = new Map<string, string[]>();
    const unplaced: FieldError[] = [];
    for (const error of errors) {
      // Some paths have a field per trial type (blocks.count); the error goes to the one shown.
      const shown = this.views.filter((v) => !v.row.hidden).map((v) => v.spec);
      const spec = fieldFor(error.field, shown) ?? fieldFor(error.field, this.fields);
      if (spec === null) {
        unplaced.push(error);
        continue;
      }
      const messages = byField.get(spec.name) ?? [];
      messages.push(error.field === spec.path ? error.message : `${error.field}: ${error.message}`);
      byField.set(spec.name, messages);
    }
    for (const view of this.views) {
      const messages = byField.get(view.spec.name);
      view.error.textContent = messages ? messages.join(' ') : '';
      view.error.hidden = messages === undefined;
      view.row.classList.toggle('invalid', messages !== undefined);
      if (messages) view.control.setAttribute('aria-invalid', 'true');
      else view.control.removeAttribute('aria-invalid');
    }
    return unplaced;
  }

  /** Replaces the options of the selects filled from a named list. */
  setChoices(list: 'stimulus-sets' | 'models', options: string[]): void {
    this.options.choices[list] = options;
    for (const view of this.views) {
      const control = view.spec.control;
      if (control.kind === 'select' && control.options === list && view.control instanceof HTMLSelectElement) {
        const current = view.control.value;
        view.control.replaceChildren(h('option', { value: '' }, '(choose)'), ...options.map((o) => h('option', { value: o }, o)));
        this.ensureOption(view.control, current);
        view.control.value = current;
      }
    }
  }

  private field(spec: FieldSpec): FieldView {
    const id = `field-${spec.name}`;
    const control = this.control(spec, id);
    if (this.options.readOnly?.includes(spec.name)) {
      if (control instanceof HTMLSelectElement) control.disabled = true;
      else control.readOnly = true;
    }
    const isCheckbox = spec.control.kind === 'checkbox';
    const report = () => this.options.onEdit(spec, control instanceof HTMLInputElement && isCheckbox ? control.checked : control.value);
    control.addEventListener(isCheckbox || control instanceof HTMLSelectElement ? 'change' : 'input', report);
    const error = h('p', { class: 'field-error', role: 'alert', testid: `${id}-error`, id: `${id}-error`, hidden: true });
    control.setAttribute('aria-describedby', `${id}-error`);
    const label = h('label', { for: id }, spec.label);
    const hint = spec.hint === undefined ? null : h('small', { class: 'hint' }, spec.hint);
    const row = h('div', { class: isCheckbox ? 'field checkbox' : 'field', 'data-field': spec.name },
      isCheckbox ? [control, label] : [label, control], hint, error);
    return { spec, control, row, error };
  }

  private control(spec: FieldSpec, id: string): Control {
    const c = spec.control;
    switch (c.kind) {
      case 'text':
        return h('input', { id, testid: id, type: 'text', autocomplete: 'off', spellcheck: 'false' });
      case 'number':
        return h('input', { id, testid: id, type: 'number', step: c.step ?? '1', inputmode: 'decimal' });
      case 'textarea':
        return h('textarea', { id, testid: id, rows: c.rows });
      case 'checkbox':
        return h('input', { id, testid: id, type: 'checkbox' });
      case 'select': {
        const options = typeof c.options === 'string' ? this.options.choices[c.options] : c.options;
        return h('select', { id, testid: id },
          typeof c.options === 'string' ? h('option', { value: '' }, '(choose)') : null,
          options.map((o) => h('option', { value: o }, o)));
      }
    }
  }

  /** A definition may name a set or model this server lacks; the select must still show it. */
  private ensureOption(select: HTMLSelectElement, value: string): void {
    if (value === '' || Array.from(select.options).some((o) => o.value === value)) return;
    select.append(h('option', { value }, `${value} (not on this server)`));
  }
}
