/** The triplet kind's registration: how the participant flow runs a block of odd-one-out trials. */
import type { Experiment, Trial, TripletRecord, TripletSpec } from '../../core/api';
import { imageSize } from '../../core/images';
import type { TrialPlugin } from '../registry';
import { TripletDisplay } from './display';
import { info, trial, type TripletImages, type TripletTrialParams } from './index';

export const tripletPlugin: TrialPlugin<TripletDisplay, TripletTrialParams, TripletRecord> = {
  info,
  trial,
  blockTextKey: 'tripletBlockText',
  // Frames presentations are timed like masked trials: let layout and compositing settle first.
  settleFrames: 30,
  results: {
    // Judgements wait in a queue of their own with its own storage keys; never rename it.
    queueName: 'triplets',
    field: 'judgements',
    send: (api, creds, records) => api.postTriplets(creds, records),
  },
  imageUrls: (t) => [...stimulusUrls(t), ...(t.maskUrl ? [t.maskUrl] : [])],
  createDisplay: (root, _experiment, window) => new TripletDisplay(root, window),
  prepareBlock(display, trials, ctx) {
    tripletSpec(ctx.experiment);
    const sizes = trials.flatMap((t) => stimulusUrls(t)).map((u) => imageSize(ctx.images.get(u)));
    // Stimuli arrive at their render size and are drawn enlarged to the display size (issue 10).
    display.resize(ctx.experiment.displaySize ?? Math.max(...sizes.map((s) => Math.max(s.width, s.height))));
  },
  params(_display, t, ctx) {
    const spec = tripletSpec(ctx.experiment);
    const [a, b, c] = stimulusUrls(t).map((u) => ctx.images.get(u));
    const images: TripletImages = [a!, b!, c!];
    return {
      trial: t,
      images,
      mask: spec.presentation === 'frames' && t.maskUrl ? ctx.images.get(t.maskUrl) : null,
      presentation: spec.presentation,
      response: spec.response,
      refreshHz: ctx.refresh.refreshHz,
      frameIntervalMs: ctx.refresh.frameIntervalMs,
      interTrialMs: ctx.experiment.timing.interTrialMs,
      onRecorded: (record) => ctx.recorded(record),
    };
  },
};

function tripletSpec(experiment: Experiment): TripletSpec {
  if (!experiment.triplet) throw new Error('the server sent triplet trials without triplet parameters');
  return experiment.triplet;
}

/** The trial's three stimuli, left to right. */
function stimulusUrls(t: Trial): string[] {
  const urls = t.stimulusUrls;
  if (!urls || urls.length !== 3) throw new Error(`triplet trial ${t.index} does not have three stimuli`);
  return urls;
}
