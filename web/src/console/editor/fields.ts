/**
 * The form's fields: each edits one path of the definition (experiment.schema.json) through a
 * codec that turns the JSON value into the control's text and back. A codec never refuses
 * input: text it cannot turn into a number stays a string in the JSON, so the server's
 * validator names the field, and the form shows that message beside it.
 */
import type { Definition } from '../types';
import { getPath, isObject, isWithin } from './paths';

export type ControlValue = string | boolean;

export interface Codec {
  format(value: unknown): ControlValue;
  /** The JSON value for the control's value; undefined removes the property. */
  parse(input: ControlValue, previous: unknown): unknown;
}

export type ControlKind =
  | { kind: 'text' }
  | { kind: 'number'; step?: string }
  | { kind: 'textarea'; rows: number }
  | { kind: 'checkbox' }
  /** Options fixed here, or filled at run time from the named list (stimulus sets, models). */
  | { kind: 'select'; options: string[] | 'stimulus-sets' | 'models' };

export interface FieldSpec {
  /** data-testid is `field-<name>`. */
  name: string;
  path: string;
  label: string;
  control: ControlKind;
  codec: Codec;
  hint?: string;
  /** When the field applies; hidden otherwise. */
  visible?: (definition: Definition) => boolean;
}

const text: Codec = {
  format: (v) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v)),
  parse: (s) => (s === '' ? undefined : s),
};

/** A number when the text is one; the text itself otherwise, for the validator to name. */
function numberOrText(token: string): number | string {
  const n = Number(token);
  return token.trim() !== '' && Number.isFinite(n) ? n : token;
}

const number: Codec = {
  format: (v) => (v === undefined || v === null ? '' : String(v)),
  parse: (s) => (String(s).trim() === '' ? undefined : numberOrText(String(s).trim())),
};

/** "17, 33, 67" ⇄ [17, 33, 67]. */
const numberList: Codec = {
  format: (v) => (Array.isArray(v) ? v.join(', ') : text.format(v)),
  parse: (s) => {
    const tokens = String(s).split(/[,;\s]+/).filter((t) => t !== '');
    return tokens.length === 0 ? undefined : tokens.map(numberOrText);
  },
};

/** "none, uniform-noise:0.2, contrast:0.1" ⇄ [{name:"none"}, {name:"uniform-noise", level:0.2}, …]. */
const manipulations: Codec = {
  format: (v) => {
    if (!Array.isArray(v)) return text.format(v);
    return v.map((m: unknown) => {
      if (!isObject(m)) return String(m);
      return m.level === undefined ? String(m.name ?? '') : `${String(m.name ?? '')}:${String(m.level)}`;
    }).join(', ');
  },
  parse: (s) => {
    const items = String(s).split(',').map((t) => t.trim()).filter((t) => t !== '');
    if (items.length === 0) return undefined;
    return items.map((item) => {
      const colon = item.indexOf(':');
      if (colon < 0) return { name: item };
      return { name: item.slice(0, colon).trim(), level: numberOrText(item.slice(colon + 1).trim()) };
    });
  },
};

/**
 * One category a line, optionally with its response key: "T-shirt/top = 0". A category's
 * button label, which the form does not show, is kept while its name stays.
 */
export const categories: Codec = {
  format: (v) => {
    if (!Array.isArray(v)) return text.format(v);
    return v.map((c: unknown) => {
      if (!isObject(c)) return String(c);
      return c.key === undefined ? String(c.name ?? '') : `${String(c.name ?? '')} = ${String(c.key)}`;
    }).join('\n');
  },
  parse: (s, previous) => {
    const labels = new Map<string, unknown>();
    if (Array.isArray(previous)) {
      for (const c of previous) if (isObject(c) && c.label !== undefined) labels.set(String(c.name), c.label);
    }
    const lines = String(s).split('\n').map((l) => l.trim()).filter((l) => l !== '');
    if (lines.length === 0) return undefined;
    return lines.map((line) => {
      const keyed = /^(.*\S)\s*=\s*(\S+)$/.exec(line);
      const name = keyed ? keyed[1]! : line;
      const category: Record<string, unknown> = { name };
      if (labels.has(name)) category.label = labels.get(name);
      if (keyed) category.key = keyed[2];
      return category;
    });
  },
};

/** A boolean with a schema default: left absent while it is absent and shows the default. */
function checkbox(whenAbsent: boolean): Codec {
  return {
    format: (v) => (typeof v === 'boolean' ? v : whenAbsent),
    parse: (checked, previous) => (previous === undefined && checked === whenAbsent ? undefined : checked === true),
  };
}

/** A checkbox that adds or removes a whole section, keeping what it held while it is on. */
function section(whenAdded: () => Record<string, unknown>): Codec {
  return {
    format: (v) => isObject(v),
    parse: (checked, previous) => (checked === true ? (isObject(previous) ? previous : whenAdded()) : undefined),
  };
}

export const isClickmeOnly = (d: Definition): boolean => d.trialType === 'clickme';
/** Odd-one-out triplets (issue 13): no categories, conditions, practice or ClickMe rounds; a triplet section. */
export const isTripletOnly = (d: Definition): boolean => d.trialType === 'triplet';
const hasMaskedTrials = (d: Definition): boolean => !isClickmeOnly(d) && !isTripletOnly(d);
const hasClickme = (d: Definition): boolean => isClickmeOnly(d) || isObject(d.clickme);
const timedTriplets = (d: Definition): boolean => isTripletOnly(d) && getPath(d, 'triplet.presentation.mode') === 'frames';

/** "all" ⇄ "all"; "Bag, Coat" ⇄ ["Bag", "Coat"] (subsets, that is categories, of the stimulus set). */
const imageSelection: Codec = {
  format: (v) => (Array.isArray(v) ? v.join(', ') : text.format(v)),
  parse: (s) => {
    const trimmed = String(s).trim();
    if (trimmed === '') return undefined;
    if (trimmed === 'all') return 'all';
    return trimmed.split(',').map((t) => t.trim()).filter((t) => t !== '');
  },
};

/** The ClickMe section a masked experiment gets when ClickMe rounds are switched on. */
export function defaultClickme(partnerModel = 'fashion-cnn'): Record<string, unknown> {
  return { rounds: 10, placement: 'after', partner: { model: partnerModel } };
}

const int = (name: string, path: string, label: string, extra: Partial<FieldSpec> = {}): FieldSpec =>
  ({ name, path, label, control: { kind: 'number', step: '1' }, codec: number, ...extra });

/** The form's fields in the groups it shows them in. */
export const FIELD_GROUPS: { title: string; fields: FieldSpec[] }[] = [
  { title: 'Experiment', fields: [
    { name: 'slug', path: 'slug', label: 'Slug (URL name)', control: { kind: 'text' }, codec: text,
      hint: 'Lower-case letters, digits and dashes; participants open /run/<slug>.' },
    { name: 'title', path: 'title', label: 'Title', control: { kind: 'text' }, codec: text },
    { name: 'trial-type', path: 'trialType', label: 'Trial type', control: { kind: 'select', options: ['masked', 'clickme', 'triplet'] }, codec: text,
      hint: 'masked: backward-masked classification (optionally with ClickMe rounds); clickme: ClickMe rounds only; triplet: pick the odd one out of three images.' },
    { name: 'stimulus-set', path: 'stimulusSet', label: 'Stimulus set', control: { kind: 'select', options: 'stimulus-sets' }, codec: text },
    { name: 'categories', path: 'categories', label: 'Categories', control: { kind: 'textarea', rows: 6 }, codec: categories,
      visible: (d) => !isTripletOnly(d), hint: 'One a line; add “= key” for a response key, e.g. “Bag = 8”.' },
    { name: 'clickme-enabled', path: 'clickme', label: 'Add ClickMe rounds', control: { kind: 'checkbox' },
      codec: section(() => defaultClickme()), visible: hasMaskedTrials },
  ] },
  { title: 'Masked trials', fields: [
    { name: 'durations-ms', path: 'conditions.durationsMs', label: 'Presentation times (ms)', control: { kind: 'text' },
      codec: numberList, visible: hasMaskedTrials, hint: 'Comma-separated; converted to frames at the measured refresh rate.' },
    { name: 'manipulations', path: 'conditions.manipulations', label: 'Manipulations', control: { kind: 'text' },
      codec: manipulations, visible: hasMaskedTrials,
      hint: 'Comma-separated name:level — none, grayscale, contrast:0.1, uniform-noise:0.2, low-pass:3, high-pass:1.5, phase-noise:90, power-equalisation, rotation:90, false-colour. Crossed with every time.' },
    int('trials-per-participant', 'trialsPerParticipant', 'Trials per participant', { visible: hasMaskedTrials }),
    int('blocks-count', 'blocks.count', 'Blocks', { visible: hasMaskedTrials }),
    { name: 'break-message', path: 'blocks.breakMessage', label: 'Break message', control: { kind: 'text' }, codec: text, visible: hasMaskedTrials },
    int('practice-trials', 'practice.trials', 'Practice trials', { visible: hasMaskedTrials }),
    int('practice-duration-ms', 'practice.durationMs', 'Practice presentation time (ms)', { visible: hasMaskedTrials }),
    { name: 'practice-feedback', path: 'practice.feedback', label: 'Feedback after practice trials', control: { kind: 'checkbox' },
      codec: checkbox(true), visible: hasMaskedTrials },
  ] },
  { title: 'Timing of a masked trial', fields: [
    int('fixation-ms', 'timing.fixationMs', 'Fixation (ms)', { visible: hasMaskedTrials }),
    int('blank-ms', 'timing.blankMs', 'Blank before the mask (ms)', { visible: hasMaskedTrials }),
    int('mask-ms', 'timing.maskMs', 'Mask (ms)', { visible: hasMaskedTrials }),
    int('response-deadline-ms', 'timing.responseDeadlineMs', 'Response deadline (ms)', { visible: hasMaskedTrials }),
    int('feedback-ms', 'timing.feedbackMs', 'Feedback (ms)', { visible: hasMaskedTrials }),
    int('inter-trial-ms', 'timing.interTrialMs', 'Inter-trial interval (ms)', { visible: hasMaskedTrials }),
  ] },
  { title: 'ClickMe rounds', fields: [
    int('clickme-rounds', 'clickme.rounds', 'ClickMe rounds per participant', { visible: hasClickme }),
    { name: 'clickme-placement', path: 'clickme.placement', label: 'ClickMe rounds come', control: { kind: 'select', options: ['after', 'before'] },
      codec: text, visible: (d) => hasMaskedTrials(d) && hasClickme(d), hint: 'Before or after the masked trials.' },
    int('clickme-blocks', 'clickme.blocks', 'ClickMe blocks', { visible: hasClickme }),
    { name: 'clickme-partner-model', path: 'clickme.partner.model', label: 'Partner model', control: { kind: 'select', options: 'models' },
      codec: text, visible: hasClickme },
    int('clickme-top-k', 'clickme.partner.topK', 'Partner wins within top-k', { visible: hasClickme }),
    int('clickme-time-limit-ms', 'clickme.timeLimitMs', 'Round time limit (ms)', { visible: hasClickme }),
    int('clickme-reveals-per-query', 'clickme.revealsPerQuery', 'Reveals between partner guesses', { visible: hasClickme }),
    int('clickme-reveal-size', 'clickme.revealSize', 'Revealed square (px)', { visible: hasClickme }),
    int('clickme-noise-mean', 'clickme.noiseMean', 'Noise mean (grey level)', { visible: hasClickme,
      hint: 'Match the stimuli’s background: 0 for Fashion-MNIST, 128 for photographs on mid-grey.' }),
  ] },
  { title: 'Triplet trials', fields: [
    { name: 'triplet-images', path: 'triplet.images', label: 'Images', control: { kind: 'text' }, codec: imageSelection, visible: isTripletOnly,
      hint: '“all” images of the stimulus set, or comma-separated categories whose images are used.' },
    int('triplet-trials-per-participant', 'triplet.trialsPerParticipant', 'Triplets per participant (catch trials included)', { visible: isTripletOnly }),
    { name: 'triplet-presentation-mode', path: 'triplet.presentation.mode', label: 'Images stay', control: { kind: 'select', options: ['untilResponse', 'frames'] },
      codec: text, visible: isTripletOnly, hint: 'untilResponse: until the choice; frames: for a number of frames, then a mask at each position.' },
    int('triplet-presentation-frames', 'triplet.presentation.frames', 'Frames shown', { visible: timedTriplets }),
    int('triplet-mask-ms', 'timing.maskMs', 'Mask (ms)', { visible: timedTriplets }),
    { name: 'triplet-response', path: 'triplet.response', label: 'Answer by', control: { kind: 'select', options: ['click', 'keys'] },
      codec: text, visible: isTripletOnly, hint: 'click: a click on the odd image; keys: 1, 2, 3 for left, middle, right.' },
    { name: 'triplet-catch-rate', path: 'triplet.catchRate', label: 'Share of catch trials', control: { kind: 'number', step: 'any' }, codec: number,
      visible: isTripletOnly, hint: 'Trials showing one image twice; the third is right. Participants below the results’ threshold are excluded.' },
    { name: 'triplet-repeat-share', path: 'triplet.repeatShare', label: 'Share of triplets shown to several people', control: { kind: 'number', step: 'any' },
      codec: number, visible: isTripletOnly, hint: 'Needed for the noise ceiling: triplets judged by two or more people.' },
    int('triplet-blocks-count', 'blocks.count', 'Blocks', { visible: isTripletOnly }),
    { name: 'triplet-break-message', path: 'blocks.breakMessage', label: 'Break message', control: { kind: 'text' }, codec: text, visible: isTripletOnly },
    int('triplet-fixation-ms', 'timing.fixationMs', 'Fixation (ms)', { visible: isTripletOnly }),
    int('triplet-inter-trial-ms', 'timing.interTrialMs', 'Inter-trial interval (ms)', { visible: isTripletOnly }),
  ] },
  { title: 'Screen and participant pages', fields: [
    int('display-size', 'display.size', 'Display size (px)'),
    { name: 'display-fit', path: 'display.fit', label: 'Fit of non-square images', control: { kind: 'select', options: ['crop', 'pad', 'contain'] },
      codec: text, hint: 'crop: centre square (default); pad: on a square of padGrey; contain: the whole image, aspect kept.' },
    int('display-render-size', 'display.renderSize', 'Render size (px)', {
      hint: 'Manipulations and masks are made at this size; the browser enlarges it to the display size, nearest-neighbour. Empty: the source size, at most the display size.' }),
    { name: 'min-refresh-hz', path: 'minRefreshHz', label: 'Minimum refresh rate (Hz)', control: { kind: 'number', step: 'any' }, codec: number },
    { name: 'request-fullscreen', path: 'requestFullscreen', label: 'Ask for fullscreen', control: { kind: 'checkbox' }, codec: checkbox(true) },
    { name: 'consent', path: 'consent', label: 'Consent (Markdown)', control: { kind: 'textarea', rows: 6 }, codec: text },
    { name: 'instructions', path: 'instructions', label: 'Instructions (Markdown)', control: { kind: 'textarea', rows: 6 }, codec: text },
    { name: 'completion-code', path: 'completion.code', label: 'Completion code', control: { kind: 'text' }, codec: text },
    { name: 'completion-redirect-url', path: 'completion.redirectUrl', label: 'Redirect after completion', control: { kind: 'text' }, codec: text,
      hint: 'https:// only; {code}, {PROLIFIC_PID}, {STUDY_ID} and {SESSION_ID} are filled in.' },
    int('assignment-seed', 'assignment.seed', 'Assignment seed'),
  ] },
];

/** Every field of the form, in the order shown. */
export const FIELDS: FieldSpec[] = FIELD_GROUPS.flatMap((g) => g.fields);

/**
 * The field an error at errorPath belongs to: the one whose path is the longest prefix of it,
 * or else the first field inside it (an error about "conditions" as a whole shows at its first
 * field). null when no field shows that part of the definition.
 */
export function fieldFor(errorPath: string, fields: FieldSpec[] = FIELDS): FieldSpec | null {
  if (errorPath === '') return null;
  let best: FieldSpec | null = null;
  for (const f of fields) {
    if (isWithin(errorPath, f.path) && (best === null || f.path.length > best.path.length)) best = f;
  }
  return best ?? fields.find((f) => f.path.startsWith(`${errorPath}.`)) ?? null;
}
