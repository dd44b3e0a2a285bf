/** The masked kind's registration: how the participant flow runs a block of masked trials. */
import { singleStimulusUrl, type ResponseRecord } from '../../core/api';
import { imageSize } from '../../core/images';
import type { TrialPlugin } from '../registry';
import { MaskedDisplay } from './display';
import { info, trial, type MaskedTrialParams } from './index';

/** Margin around the largest image of a block, in CSS px, so the canvas edge is never at the image. */
const CANVAS_MARGIN = 32;

export const maskedPlugin: TrialPlugin<MaskedDisplay, MaskedTrialParams, ResponseRecord> = {
  info,
  trial,
  blockTextKey: 'maskedBlockText',
  settleFrames: 30,
  results: {
    queueName: '',
    field: 'responses',
    send: (api, creds, records) => api.postResponses(creds, records),
  },
  imageUrls: (t) => (t.maskUrl ? [singleStimulusUrl(t), t.maskUrl] : [singleStimulusUrl(t)]),
  createDisplay: (root, experiment, window) => new MaskedDisplay(root, experiment.categories, window),
  prepareBlock(display, trials, ctx) {
    const sizes = trials.flatMap((t) => [singleStimulusUrl(t), ...(t.maskUrl ? [t.maskUrl] : [])])
      .map((u) => imageSize(ctx.images.get(u)));
    // Stimuli arrive at their render size and are drawn enlarged to the display size (issue 10).
    const box = ctx.experiment.displaySize ?? Math.max(...sizes.map((s) => Math.max(s.width, s.height)));
    display.resize(box + 2 * CANVAS_MARGIN, box + 2 * CANVAS_MARGIN, box);
  },
  params: (_display, t, ctx) => ({
    trial: t,
    categories: ctx.experiment.categories,
    timing: ctx.experiment.timing,
    refreshHz: ctx.refresh.refreshHz,
    frameIntervalMs: ctx.refresh.frameIntervalMs,
    stimulus: ctx.images.get(singleStimulusUrl(t)),
    mask: t.maskUrl ? ctx.images.get(t.maskUrl) : null,
    feedbackTexts: {
      correct: ctx.texts.feedbackCorrect,
      tooSlow: ctx.texts.feedbackTooSlow,
      wrong: ctx.texts.feedbackWrong,
    },
    onRecorded: (record) => ctx.recorded(record),
  }),
};
