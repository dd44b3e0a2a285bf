import { describe, expect, it } from 'vitest';
import type { SessionState, Trial } from '../src/core/api';
import { answeredTrials, blocksToRun } from '../src/participant/progress';
import { forgetStartId, loadSession, pendingStartId, recruitmentParams, saveSession, slugFromPath } from '../src/participant/session';
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

  it('reuses a stored session, but not one made for another Prolific participant', () => {
    const storage = new MemoryStorage();
    saveSession(storage, 'demo', { sessionId: 's1', token: 't', params: { PROLIFIC_PID: 'a' } });
    expect(loadSession(storage, 'demo', { PROLIFIC_PID: 'a' })?.sessionId).toBe('s1');
    expect(loadSession(storage, 'demo', {})?.sessionId).toBe('s1');
    expect(loadSession(storage, 'demo', { PROLIFIC_PID: 'b' })).toBeNull();
    expect(loadSession(storage, 'other', {})).toBeNull();
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
