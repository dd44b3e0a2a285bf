/**
 * Monitor tab: sessions arriving live (GET …/monitor every 2 s, without reloading the page):
 * counts, the share of trials whose timing was as planned, the refresh-rate histogram and the
 * most recent sessions.
 */
import { seg } from '../../api';
import { describeError, row, table } from '../../controls';
import { errorText, h, showMessage } from '../../dom';
import { dateTime, percent } from '../../format';
import { poll } from '../../poll';
import { refreshHistogram } from '../../svg';
import type { Monitor, MonitorSession } from '../../types';
import type { ExperimentContext } from './context';

const POLL_MS = 2000;

export function monitorTab(panel: HTMLElement, ctx: ExperimentContext): void {
  const figure = (testid: string, label: string) => {
    const value = h('span', { class: 'figure-value', testid }, '–');
    return { value, element: h('div', { class: 'figure' }, value, h('span', { class: 'figure-label' }, label)) };
  };
  const started = figure('monitor-started', 'started');
  const screenChecked = figure('monitor-screen-checked', 'screen checked');
  const completed = figure('monitor-completed', 'completed');
  const abandoned = figure('monitor-abandoned', 'abandoned');
  const timingOk = figure('monitor-timing-ok', 'trials with timing as planned');
  const answered = figure('monitor-answered', 'trials answered');
  const histogram = h('div', { class: 'histogram-box' }, refreshHistogram([]));
  const recent = h('div', { testid: 'monitor-recent' });
  const updated = h('p', { class: 'muted', testid: 'monitor-updated', 'aria-live': 'off' }, 'Waiting for the first update…');
  const error = errorText('monitor-error');
  panel.replaceChildren(
    h('div', { class: 'figures' }, [started, screenChecked, completed, abandoned, answered, timingOk].map((f) => f.element)),
    updated, error,
    h('h2', null, 'Refresh rates'), histogram,
    h('h2', null, 'Recent sessions'), recent);

  poll(ctx.signal, POLL_MS, async () => {
    try {
      const m = await ctx.api.get<Monitor>(`/api/experiments/${seg(ctx.slug)}/monitor`);
      if (ctx.signal.aborted) return false;
      started.value.textContent = String(m.sessions.started);
      screenChecked.value.textContent = String(m.sessions.screenChecked);
      completed.value.textContent = String(m.sessions.completed);
      abandoned.value.textContent = String(m.sessions.abandoned);
      answered.value.textContent = String(m.trials.answered);
      timingOk.value.textContent = percent(m.trials.timingOkShare);
      timingOk.value.title = `${m.trials.timingOk} of ${m.trials.answered} trials`;
      histogram.replaceChildren(refreshHistogram(m.refreshHz));
      recent.replaceChildren(recentTable(m.recent));
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}; refreshes every ${POLL_MS / 1000} s.`;
      showMessage(error, null);
      return true;
    } catch (e) {
      // Keep polling: a server restart or a dropped connection should not end the live view.
      showMessage(error, `Could not update: ${describeError(e)}`);
      return true;
    }
  });
}

function recentTable(sessions: MonitorSession[]): HTMLElement {
  if (sessions.length === 0) return h('p', { class: 'muted', testid: 'monitor-recent-empty' }, 'No sessions yet.');
  return table('monitor-recent-table', ['Session', 'Recruitment id', 'Status', 'Started', 'Last activity', 'Refresh', 'Answered', 'Timing ok'],
    sessions.map((s) => row({ testid: `monitor-session-${s.session}` },
      h('code', null, s.session.slice(0, 8)),
      h('span', { testid: `monitor-recruitment-${s.session}` }, s.recruitmentId ?? '–'),
      h('span', { class: `status ${s.status}` }, s.status),
      dateTime(s.createdAt),
      dateTime(s.lastActivityAt),
      s.refreshHz === null ? '–' : `${s.refreshHz.toFixed(1)} Hz`,
      `${s.answered} / ${s.total}`,
      percent(s.timingOkShare))));
}
