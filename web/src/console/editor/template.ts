/**
 * Where a new experiment starts, and what changes when its trial type does. The template is
 * the masked design of Geirhos et al. (2018) in miniature: five presentation times from one
 * 60 Hz frame pair upwards, a pink-noise mask, practice with feedback. With the Fashion-MNIST
 * set (300 images) it passes the schema and the server's stimulus-set checks as it stands.
 */
import type { Definition, StimulusSet } from '../types';
import { defaultClickme } from './fields';
import { isObject } from './paths';

/** Categories of a set, keyed 0–9 when there are at most ten (one key per finger). */
export function categoriesOf(set: Pick<StimulusSet, 'categories'>): Record<string, unknown>[] {
  const keyed = set.categories.length <= 10;
  return set.categories.map((c, i) => (keyed ? { name: c.name, key: String(i) } : { name: c.name }));
}

export function maskedTemplate(set: Pick<StimulusSet, 'name' | 'categories'> | null): Definition {
  return {
    slug: 'new-masked-experiment',
    title: 'New masked experiment',
    consent: '## Consent\n\nDescribe the study, how long it takes, what is stored and that participants may stop at any time.\n\nBy clicking *I agree* you consent to take part.',
    instructions: '## Instructions\n\nLook at the cross in the middle of the screen. A picture flashes briefly, then a noise pattern covers it. Choose what the picture showed: click a button or press its key. If you are unsure, guess.',
    trialType: 'masked',
    stimulusSet: set?.name ?? 'fashion-mnist',
    display: { size: 224, upscale: 'nearest' },
    categories: set ? categoriesOf(set) : [],
    conditions: { durationsMs: [17, 33, 67, 133, 267], manipulations: [{ name: 'none' }] },
    trialsPerParticipant: 50,
    blocks: { count: 2, breakMessage: 'Time for a short break. Continue when you are ready.' },
    practice: { trials: 10, durationMs: 267, manipulation: { name: 'none' }, feedback: true },
    timing: { fixationMs: 500, blankMs: 0, maskMs: 200, interTrialMs: 500, responseDeadlineMs: 3000, feedbackMs: 800 },
    mask: { type: 'pink-noise' },
    minRefreshHz: 50,
    requestFullscreen: true,
    completion: { code: completionCode() },
    assignment: { seed: 1 },
  };
}

/** A code participants paste back into Prolific or MTurk; random so studies do not share one. */
function completionCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(8));
  return `TANDEM-${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')}`;
}

/** The parts only masked trials have; the schema forbids them for trialType clickme. */
const MASKED_ONLY = ['conditions', 'trialsPerParticipant', 'practice', 'mask', 'blocks'] as const;

/** What a triplet experiment may not have (the server's TripletKind rules); blocks, timing and mask it keeps. */
const NOT_TRIPLET = ['conditions', 'trialsPerParticipant', 'practice', 'categories', 'clickme'] as const;

/** The triplet section a switch to trialType triplet starts from: the demo's design (stimuli/fashion-mnist-triplets). */
export function defaultTriplet(): Record<string, unknown> {
  return { images: 'all', trialsPerParticipant: 40, presentation: { mode: 'untilResponse' }, response: 'click', catchRate: 0.1, repeatShare: 0.5 };
}

/**
 * Changes the trial type, moving the masked-only parts into a stash (and back), so trying
 * "clickme" or "triplet" and returning to "masked" loses nothing the experimenter typed.
 */
export function switchTrialType(definition: Definition, stash: Definition, partnerModel: string):
  { definition: Definition; stash: Definition } {
  const next = structuredClone(definition);
  const kept = structuredClone(stash);
  if (next.trialType === 'triplet') {
    for (const key of NOT_TRIPLET) {
      if (key in next) {
        kept[key] = next[key];
        delete next[key];
      }
    }
    next.triplet = isObject(kept.triplet) ? kept.triplet : defaultTriplet();
    delete kept.triplet;
    return { definition: next, stash: kept };
  }
  if (isObject(next.triplet)) {
    kept.triplet = next.triplet;
    delete next.triplet;
  }
  for (const key of ['categories', 'clickme'] as const) {
    if (!(key in next) && key in kept) {
      next[key] = kept[key];
      delete kept[key];
    }
  }
  if (next.trialType === 'clickme') {
    for (const key of MASKED_ONLY) {
      if (key in next) {
        kept[key] = next[key];
        delete next[key];
      }
    }
    if (!isObject(next.clickme)) next.clickme = defaultClickme(partnerModel);
    if (isObject(next.clickme)) delete next.clickme.placement;
  } else {
    const template = maskedTemplate(null);
    for (const key of MASKED_ONLY) {
      if (!(key in next)) next[key] = key in kept ? kept[key] : template[key];
      delete kept[key];
    }
  }
  return { definition: next, stash: kept };
}
