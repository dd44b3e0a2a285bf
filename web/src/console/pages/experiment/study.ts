/**
 * Study tab (issue 14): preview a trial as participants see it, run and delete pilot sessions,
 * and the study overview — who took part and how it ended, completion rate, median duration,
 * how evenly the design's cells are filled, timing — with a table of participants from which a
 * session is excluded from analysis or deleted, deletion by recruitment id, and the deletion audit.
 */
import { seg } from '../../api';
import { describeError, row, table, whileBusy } from '../../controls';
import { errorText, h, showMessage } from '../../dom';
import { dateTime, percent } from '../../format';
import { poll } from '../../poll';
import type { DeletionAudit, Share, StudyOverview, TrialPreview } from '../../types';
import type { ExperimentContext } from './context';

const POLL_MS = 3000;

export function studyTab(panel: HTMLElement, ctx: ExperimentContext): void {
  const base = `/api/experiments/${seg(ctx.slug)}`;
  const overview = h('div', { testid: 'overview' }, h('p', { class: 'muted' }, 'Loading the overview…'));
  const audit = h('div', { testid: 'deletion-audit' });
  const error = errorText('overview-error');
  const refresh = async (): Promise<void> => {
    try {
      const [o, deletions] = await Promise.all([
        ctx.api.get<StudyOverview>(`${base}/overview`),
        ctx.api.get<DeletionAudit[]>(`${base}/deletions`),
      ]);
      if (ctx.signal.aborted) return;
      overview.replaceChildren(...overviewView(ctx, o, refresh));
      audit.replaceChildren(auditTable(deletions));
      showMessage(error, null);
    } catch (e) {
      showMessage(error, `Could not update: ${describeError(e)}`);
    }
  };
  panel.replaceChildren(
    previewSection(ctx, base),
    pilotSection(ctx, base, refresh),
    h('h2', null, 'Overview'), error, overview,
    recruitmentSection(ctx, base, refresh),
    h('h2', null, 'Deletions'), h('p', { class: 'muted' }, 'Who deleted what, when, and how many rows; never the deleted data.'), audit,
    deleteExperimentSection(ctx, base));
  poll(ctx.signal, POLL_MS, async () => {
    await refresh();
    return true;
  });
}

/** DELETE with a JSON body (the reason). */
function deleteWith<T>(ctx: ExperimentContext, path: string, reason: string): Promise<T> {
  return ctx.api.request<T>('DELETE', path, { reason });
}

function previewSection(ctx: ExperimentContext, base: string): HTMLElement {
  const trial = h('input', { id: 'preview-trial', testid: 'preview-trial', type: 'number', min: '0', value: '0' });
  const hz = h('input', { id: 'preview-hz', testid: 'preview-hz', type: 'number', min: '10', max: '1000', value: '60' });
  const show = h('button', { type: 'submit', class: 'secondary', testid: 'preview-show' }, 'Preview');
  const result = h('div', { testid: 'preview-result' });
  const error = errorText('preview-error');
  const form = h('form', { class: 'inline' },
    h('label', { for: 'preview-trial' }, 'Trial'), trial, h('label', { for: 'preview-hz' }, 'at Hz'), hz, show);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    showMessage(error, null);
    void whileBusy(show, 'Rendering…', async () => {
      try {
        const p = await ctx.api.get<TrialPreview>(`${base}/preview?trial=${seg(trial.value)}&refreshHz=${seg(hz.value)}`);
        result.replaceChildren(previewView(p, Number(hz.value)));
      } catch (err) {
        showMessage(error, describeError(err));
      }
    });
  });
  return h('section', null, h('h2', null, 'Preview a trial'),
    h('p', { class: 'muted' }, 'The next participant’s trial as they will see it: the stimulus after fit and manipulation, its mask, and the frames planned at the refresh rate.'),
    form, error, result);
}

function previewView(p: TrialPreview, hz: number): HTMLElement {
  if (Array.isArray(p.stimulusUrls)) return tripletPreview(p, hz);
  const stimulus = h('img', { src: p.stimulusUrl, alt: 'stimulus', testid: 'preview-stimulus', class: 'pixelated' });
  const mask = p.maskUrl ? h('img', { src: p.maskUrl, alt: 'mask', testid: 'preview-mask', class: 'pixelated' }) : null;
  const frames = p.plannedFrames === null
    ? `ClickMe round; true category ${p.correctCategory ?? '?'}`
    : `${p.practice ? 'Practice trial' : 'Trial'} ${p.index} (block ${p.block}): ${p.requestedMs} ms = ${p.plannedFrames} frame(s) at ${hz} Hz, `
      + `then the mask for ${p.maskFrames} frame(s); fixation ${p.fixationFrames}, blank ${p.blankFrames}; true category ${p.correctCategory ?? '?'}`;
  const stage = h('div', { class: 'preview-stage', testid: 'preview-stage' });
  const play = h('button', { type: 'button', class: 'secondary', testid: 'preview-play' }, 'Play at the planned frames');
  play.addEventListener('click', () => void whileBusy(play, 'Playing…', () => playTrial(stage, p, stimulus, mask)));
  return h('div', null, h('p', { testid: 'preview-frames' }, frames),
    h('div', { class: 'preview-images' }, stimulus, mask), p.plannedFrames === null ? null : play, stage);
}

/** A triplet trial: its three images, left to right, until the participant answers (or for its frames). */
function tripletPreview(p: TrialPreview, hz: number): HTMLElement {
  const shown = p.plannedFrames === null ? 'shown until the participant answers'
    : `shown for ${p.plannedFrames} frame(s) at ${hz} Hz, then the mask for ${p.maskFrames ?? 0} frame(s)`;
  return h('div', null,
    h('p', { testid: 'preview-frames' }, `Triplet trial ${p.index} (block ${p.block}): pick the odd one out of three images, ${shown}; `
      + `fixation ${p.fixationFrames ?? 0} frame(s).`),
    h('div', { class: 'preview-images' }, (p.stimulusUrls ?? []).map((src, i) =>
      h('img', { src, alt: `image ${i + 1} of 3`, testid: `preview-stimulus-${i}`, class: 'pixelated' }))));
}

/** Shows fixation, stimulus, blank and mask for their planned numbers of animation frames. */
async function playTrial(stage: HTMLElement, p: TrialPreview, stimulus: HTMLImageElement, mask: HTMLImageElement | null): Promise<void> {
  const phases: [Node, number][] = [
    [h('span', { class: 'fixation' }, '+'), p.fixationFrames ?? 0],
    [stimulus.cloneNode() as Node, p.plannedFrames ?? 0],
    [h('span'), p.blankFrames ?? 0],
    [mask ? mask.cloneNode() as Node : h('span'), p.maskFrames ?? 0],
  ];
  const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  for (const [content, frames] of phases) {
    if (frames === 0) continue;
    await frame();
    stage.replaceChildren(content);
    for (let i = 1; i < frames; i++) await frame();
  }
  await frame();
  stage.replaceChildren();
}

function pilotSection(ctx: ExperimentContext, base: string, refresh: () => Promise<void>): HTMLElement {
  const start = h('button', { type: 'button', class: 'secondary', testid: 'pilot-start' }, 'Start a pilot run');
  const remove = h('button', { type: 'button', class: 'secondary', testid: 'pilot-delete' }, 'Delete all pilot sessions');
  const link = h('p', { testid: 'pilot-link-box' });
  const status = h('p', { class: 'success', testid: 'pilot-status', hidden: true });
  const error = errorText('pilot-error');
  start.addEventListener('click', () => void whileBusy(start, 'Starting…', async () => {
    showMessage(error, null);
    try {
      const pilot = await ctx.api.post<{ url: string }>(`${base}/pilot`);
      link.replaceChildren('Run it: ', h('a', { href: pilot.url, target: '_blank', rel: 'noopener', testid: 'pilot-link' }, 'open the pilot session'));
    } catch (e) {
      showMessage(error, describeError(e));
    }
  }));
  remove.addEventListener('click', () => void whileBusy(remove, 'Deleting…', async () => {
    showMessage(error, null);
    try {
      const deleted = await ctx.api.delete<{ sessions: number }>(`${base}/pilot-sessions`);
      showMessage(status, `Deleted ${deleted.sessions} pilot session(s).`);
      link.replaceChildren();
      await refresh();
    } catch (e) {
      showMessage(error, describeError(e));
    }
  }));
  return h('section', null, h('h2', null, 'Pilot'),
    h('p', { class: 'muted' }, 'Run the whole study yourself, also while collection is closed. Pilot sessions are kept apart: not in metrics, exports, the overview’s counts or the design’s balance.'),
    h('p', null, start, ' ', remove), link, status, error);
}

function figure(testid: string, label: string, value: string, title?: string): HTMLElement {
  return h('div', { class: 'figure' }, h('span', { class: 'figure-value', testid, title: title ?? null }, value),
    h('span', { class: 'figure-label' }, label));
}

function share(s: Share): string {
  return s.value === null ? '–' : percent(s.value);
}

function interval(s: Share): string {
  return s.value === null ? '' : `${s.count} of ${s.of}; 95% CI ${percent(s.lower)}–${percent(s.upper)}`;
}

function overviewView(ctx: ExperimentContext, o: StudyOverview, refresh: () => Promise<void>): Node[] {
  const c = o.counts;
  const figures = h('div', { class: 'figures' },
    figure('overview-target', 'target', o.targetParticipants === null ? '–' : String(o.targetParticipants)),
    figure('overview-started', 'started', String(c.started)),
    figure('overview-completed', 'completed', String(c.completed)),
    figure('overview-in-progress', 'in progress', String(c.inProgress)),
    figure('overview-abandoned', 'abandoned', String(c.abandoned)),
    figure('overview-screened-out', 'screened out', String(c.screenedOut)),
    figure('overview-excluded', 'excluded', String(c.excluded)),
    figure('overview-withdrawn', 'withdrawn', String(c.withdrawn)),
    figure('overview-completion-rate', 'completion rate', share(o.completionRate), interval(o.completionRate)),
    figure('overview-median-duration', 'median duration', o.medianDurationS === null ? '–' : `${(o.medianDurationS / 60).toFixed(1)} min`),
    figure('overview-timing-ok', 'trials with timing as planned', share(o.timingOk), interval(o.timingOk)));
  const balance = h('p', { testid: 'overview-balance', 'data-spread': String(o.balance.spread) },
    o.cells.length === 0 ? 'No trials assigned yet.'
      : `Trials per condition: ${o.balance.minAssigned} to ${o.balance.maxAssigned} (spread ${o.balance.spread}).`);
  const cells = table('overview-cells', ['Trial type', 'Manipulation', 'Level', 'Duration', 'Assigned', 'Answered'],
    o.cells.map((cell, i) => row({ testid: `overview-cell-${i}` }, cell.trialType, cell.manipulation ?? (cell.trialType === 'triplet' ? 'none (odd one out)' : '–'),
      cell.level === null ? '–' : String(cell.level), cell.durationMs === null ? '–' : `${cell.durationMs} ms`,
      String(cell.assigned), String(cell.answered))));
  const people = o.participants.length === 0
    ? h('p', { class: 'muted', testid: 'overview-participants-empty' }, 'No participants yet.')
    : table('overview-participants', ['Session', 'Recruitment ids', 'Status', 'Duration', 'Answered', 'Accuracy', 'Timing flags', ''],
      o.participants.map((p) => row({ testid: `overview-participant-${p.session}`, 'data-status': p.status },
        h('code', null, p.session.slice(0, 8)),
        h('span', { testid: `overview-ids-${p.session}` }, Object.entries(p.recruitmentIds).map(([k, v]) => `${k}=${v}`).join(', ') || '–'),
        h('span', { testid: `overview-status-${p.session}` }, p.status + (p.excludedReason ? ` (excluded: ${p.excludedReason})` : '')),
        p.durationS === null ? '–' : `${(p.durationS / 60).toFixed(1)} min`,
        `${p.answered} / ${p.total}`,
        percent(p.accuracy),
        String(p.timingFlags),
        sessionActions(ctx, p.session, p.excludedReason !== null, p.status === 'withdrawn', refresh))));
  return [figures, h('h3', null, 'Design cells'), balance, cells, h('h3', null, 'Participants'), people];
}

function sessionActions(ctx: ExperimentContext, session: string, excluded: boolean, withdrawn: boolean,
                        refresh: () => Promise<void>): HTMLElement {
  const error = errorText(`session-error-${session}`);
  const exclude = h('button', { type: 'button', class: 'secondary', testid: `exclude-${session}` }, excluded ? 'Include' : 'Exclude');
  const remove = h('button', { type: 'button', class: 'secondary', testid: `delete-${session}` }, 'Delete');
  exclude.addEventListener('click', () => {
    const reason = excluded ? '' : window.prompt('Why is this session excluded from analysis?') ?? null;
    if (reason === null) return;
    void whileBusy(exclude, '…', async () => {
      try {
        await ctx.api.post(`/api/sessions/${seg(session)}/exclusion`, { excluded: !excluded, reason });
        await refresh();
      } catch (e) {
        showMessage(error, describeError(e));
      }
    });
  });
  remove.addEventListener('click', () => {
    const reason = window.prompt('Delete this session and all its responses? Say why (kept in the audit):');
    if (reason === null) return;
    void whileBusy(remove, 'Deleting…', async () => {
      try {
        await deleteWith(ctx, `/api/sessions/${seg(session)}`, reason);
        await refresh();
      } catch (e) {
        showMessage(error, describeError(e));
      }
    });
  });
  return h('span', null, withdrawn ? null : exclude, ' ', remove, error);
}

function recruitmentSection(ctx: ExperimentContext, base: string, refresh: () => Promise<void>): HTMLElement {
  const id = h('input', { id: 'delete-recruitment-id', testid: 'delete-recruitment-id', autocomplete: 'off' });
  const reason = h('input', { id: 'delete-recruitment-reason', testid: 'delete-recruitment-reason', autocomplete: 'off' });
  const submit = h('button', { type: 'submit', class: 'secondary', testid: 'delete-recruitment-submit' }, 'Delete their data');
  const status = h('p', { class: 'success', testid: 'delete-recruitment-status', hidden: true });
  const error = errorText('delete-recruitment-error');
  const form = h('form', { class: 'inline' }, h('label', { for: 'delete-recruitment-id' }, 'Recruitment id'), id,
    h('label', { for: 'delete-recruitment-reason' }, 'Reason'), reason, submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    showMessage(error, null);
    showMessage(status, null);
    void whileBusy(submit, 'Deleting…', async () => {
      try {
        const deleted = await deleteWith<{ sessions: number }>(ctx, `${base}/participants/${seg(id.value.trim())}`, reason.value);
        showMessage(status, `Deleted ${deleted.sessions} session(s).`);
        id.value = '';
        await refresh();
      } catch (err) {
        showMessage(error, describeError(err));
      }
    });
  });
  return h('section', null, h('h2', null, 'Delete a participant’s data'),
    h('p', { class: 'muted' }, 'Every session recorded with this id (e.g. a Prolific ID), for a withdrawal of consent.'),
    form, status, error);
}

function auditTable(entries: DeletionAudit[]): HTMLElement {
  if (entries.length === 0) return h('p', { class: 'muted' }, 'Nothing deleted.');
  return table('deletion-audit-table', ['When', 'Who', 'What', 'Reason', 'Rows'],
    entries.map((a) => row({ testid: `deletion-${a.id}` }, dateTime(a.deletedAt), a.deletedBy ?? (a.what === 'withdrawal' ? 'the participant' : 'admin token'),
      a.what, a.reason, Object.entries(a.rows).map(([t, n]) => `${t}: ${n}`).join(', '))));
}

/** Deletes the whole experiment; the server refuses while sessions or jobs refer to it. */
function deleteExperimentSection(ctx: ExperimentContext, base: string): HTMLElement {
  const button = h('button', { type: 'button', class: 'secondary', testid: 'experiment-delete' }, 'Delete this experiment');
  const error = errorText('experiment-delete-error');
  button.addEventListener('click', () => {
    if (!window.confirm(`Delete ${ctx.slug}: every version, the draft and its settings?`)) return;
    void whileBusy(button, 'Deleting…', async () => {
      try {
        await ctx.api.delete(base);
        ctx.navigate('/console/experiments');
      } catch (e) {
        showMessage(error, describeError(e));
      }
    });
  });
  return h('section', null, h('h2', null, 'Delete the experiment'),
    h('p', { class: 'muted' }, 'Only an experiment nobody has taken part in (delete its pilot sessions first) and that no scoring job used.'),
    button, error);
}
