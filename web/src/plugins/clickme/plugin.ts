/** The ClickMe kind's registration: how the participant flow runs a block of ClickMe rounds. */
import { singleStimulusUrl, type RoundRecord } from '../../core/api';
import { imageSize } from '../../core/images';
import type { TrialPlugin } from '../registry';
import { ClickMeDisplay } from './display';
import { info, trial, type ClickMeTrialParams } from './index';

export const clickmePlugin: TrialPlugin<ClickMeDisplay, ClickMeTrialParams, RoundRecord> = {
  info,
  trial,
  blockTextKey: 'clickmeBlockText',
  settleFrames: 0,
  results: {
    // Round results wait in a second queue of the session with its own storage keys.
    queueName: 'clickme',
    field: 'rounds',
    send: (api, creds, records) => api.postRounds(creds, records),
  },
  imageUrls: (t) => (t.maskUrl ? [singleStimulusUrl(t), t.maskUrl] : [singleStimulusUrl(t)]),
  createDisplay: (root) => new ClickMeDisplay(root),
  prepareBlock(_display, _trials, ctx) {
    if (!ctx.experiment.clickme) throw new Error('the server sent ClickMe rounds without ClickMe parameters');
  },
  params(display, t, ctx) {
    const spec = ctx.experiment.clickme;
    if (!spec) throw new Error('the server sent ClickMe rounds without ClickMe parameters');
    const image = ctx.images.get(singleStimulusUrl(t));
    const { width, height } = imageSize(image);
    return {
      trial: t,
      spec,
      grey: display.greyOf(image),
      width,
      height,
      labels: new Map(ctx.experiment.categories.map((c) => [c.name, c.label])),
      query: (body) => ctx.api.clickmeQuery(ctx.creds, body),
      texts: {
        waiting: ctx.texts.clickmeWaiting,
        partnerRight: ctx.texts.clickmePartnerRight,
        partnerGuess: ctx.texts.clickmePartnerGuess,
        timeUp: ctx.texts.clickmeTimeUp,
        points: ctx.texts.clickmePoints,
        skip: ctx.texts.clickmeSkip,
        next: ctx.texts.clickmeNext,
      },
      onRecorded: (record) => ctx.recorded(record),
    };
  },
};
