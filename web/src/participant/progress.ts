/**
 * Where to resume: a trial counts as answered when the server has stored a response for it or
 * a response for it waits in the local queue (it will be sent; running it again would make a
 * second response and a 409).
 */
import type { Block, SessionState, Trial } from '../core/api';

export interface BlockToRun {
  block: Block;
  /** Unanswered trials of the block, in presentation order. */
  trials: Trial[];
  /** 1-based position among the session's non-practice blocks (0 for practice). */
  number: number;
  /** Number of non-practice blocks in the session. */
  of: number;
}

export function answeredTrials(state: SessionState, queued: Iterable<number>): Set<number> {
  return new Set([...state.answered, ...queued]);
}

/** Blocks that still have unanswered trials, in order, each with only those trials. */
export function blocksToRun(state: SessionState, answered: ReadonlySet<number>): BlockToRun[] {
  const blocks = [...state.blocks].sort((a, b) => a.index - b.index);
  const main = blocks.filter((b) => !b.practice);
  const out: BlockToRun[] = [];
  for (const block of blocks) {
    const trials = state.trials
      .filter((t) => t.block === block.index && !answered.has(t.index))
      .sort((a, b) => a.index - b.index);
    if (trials.length === 0) continue;
    out.push({ block, trials, number: block.practice ? 0 : main.indexOf(block) + 1, of: main.length });
  }
  return out;
}

export function unansweredCount(state: SessionState, answered: ReadonlySet<number>): number {
  return state.trials.filter((t) => !answered.has(t.index)).length;
}
