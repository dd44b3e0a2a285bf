import { describe, expect, it } from 'vitest';
import type { SessionState, Trial } from '../src/core/api';
import { answeredTrials, blocksToRun } from '../src/participant/progress';
import { forgetStartId, loadSession, pendingStartId, pilotFromHash, recruitmentParams, saveSession, slugFromPath } from '../src/participant/session';
import { MemoryStorage } from './fakes';

describe('session link', () => {
  it('reads the experiment slug from /run/{slug}', () => {
    expect(slugFromPath('/run/masked-demo')).toBe('masked-demo');
    expect(slugFromPath('/run/masked-demo/')).toBe('masked-demo');
    expect(slugFromPath('/run/')).toBeNull();
    expect(slugFromPath('/other/x')).toBeNull();
  });

  it('keeps every recruiter query parameter', () => {
    expect(recruitmentParams('?PROLIFIC_PID=abc&STUDY_ID=s&SESSION_ID=x')).toEqual({ PROLIFIC_PID: 'abc', STUDY_ID: 's', SESSION_ID: 'x' });
  });

  it('reuses a stored session only for the recruitment id it was made for', () => {
    const storage = new MemoryStorage();
    saveSession(storage, 'demo', { sessionId: 's1', token: 't', params: { PROLIFIC_PID: 'a' } });
    expect(loadSession(storage, 'demo', { PROLIFIC_PID: 'a', STUDY_ID: 'x' })?.sessionId).toBe('s1');
    expect(loadSession(storage, 'demo', {}), 'a link without an id never resumes an id\'s session').toBeNull();
    expect(loadSession(storage, 'demo', { PROLIFIC_PID: 'b' })).toBeNull();
    expect(loadSession(storage, 'other', { PROLIFIC_PID: 'a' })).toBeNull();
    saveSession(storage, 'demo', { sessionId: 's2', token: 't', params: { PROLIFIC_PID: 'b' } });
    expect(loadSession(storage, 'demo', { PROLIFIC_PID: 'a' })?.sessionId, 'a second person does not replace the first').toBe('s1');
    saveSession(storage, 'demo', { sessionId: 's3', token: 't', params: {} });
    expect(loadSession(storage, 'demo', {})?.sessionId).toBe('s3');
  });

  it('reads a pilot run\'s credentials from the fragment only', () => {
    expect(pilotFromHash('#pilot=0b7e6f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b:tok_en-1')).toEqual({
      sessionId: '0b7e6f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', token: 'tok_en-1', params: {},
    });
    expect(pilotFromHash('')).toBeNull();
    expect(pilotFromHash('#pilot=nope')).toBeNull();
  });
});

describe('session start id', () => {
  it('stays the same for one participant until the session is saved, and differs for another', () => {
    const storage = new MemoryStorage();
    const first = pendingStartId(storage, 'demo', { PROLIFIC_PID: 'a' });
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(pendingStartId(storage, 'demo', { PROLIFIC_PID: 'a' })).toBe(first);
    expect(pendingStartId(storage, 'demo', { PROLIFIC_PID: 'b' })).not.toBe(first);
    forgetStartId(storage, 'demo');
    expect(pendingStartId(storage, 'demo', { PROLIFIC_PID: 'b' })).not.toBe(first);
  });
});

describe('resume point', () => {
  const trial = (index: number, block: number): Trial => ({
    index, block, practice: block === 0, stimulusUrl: '', maskUrl: null, requestedMs: 33,
    plannedFrames: 2, fixationFrames: 30, blankFrames: 0, maskFrames: 4,
  });
  const state = {
    trials: [trial(0, 0), trial(1, 0), trial(2, 1), trial(3, 1), trial(4, 2)],
    blocks: [{ index: 2, practice: false, trialCount: 1 }, { index: 0, practice: true, trialCount: 2 }, { index: 1, practice: false, trialCount: 2 }],
    answered: [0, 1],
  } as unknown as SessionState;

  it('counts trials answered on the server or waiting in the local queue as done', () => {
    const blocks = blocksToRun(state, answeredTrials(state, [2]));
    expect(blocks.map((b) => [b.block.index, b.trials.map((t) => t.index), b.number, b.of])).toEqual([
      [1, [3], 1, 2],
      [2, [4], 2, 2],
    ]);
  });

  it('has nothing left to run when every trial is answered', () => {
    expect(blocksToRun(state, answeredTrials(state, [2, 3, 4]))).toEqual([]);
  });
});
