/**
 * Follows one job (a scoring job, a ClickMe map job or a triplet job) until it is done or failed: progress
 * bar, done / total, rate and status, polled every second; and a scoring job's warnings (issue
 * 10: a model that resizes the stimuli by more than 2× does not see what people see).
 */
import type { ConsoleApi } from '../../api';
import { describeError, ProgressBar } from '../../controls';
import { errorText, h, showMessage } from '../../dom';
import { rate } from '../../format';
import { poll } from '../../poll';
import type { Job } from '../../types';

const POLL_MS = 1000;

export class JobView {
  readonly element: HTMLElement;
  private readonly progress: ProgressBar;
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly error: HTMLElement;
  private readonly warnings: HTMLElement;
  private readonly cancel: HTMLButtonElement;
  private cancelUrl: string | null = null;
  private following: AbortController | null = null;

  /** testPrefix "job" gives job-progress, job-status, job-error, job-warnings. */
  constructor(private readonly api: ConsoleApi, private readonly pageLeft: AbortSignal, testPrefix: string) {
    this.progress = new ProgressBar(`${testPrefix}-progress`);
    this.title = h('span', { testid: `${testPrefix}-title` });
    this.status = h('strong', { class: 'status', testid: `${testPrefix}-status` });
    this.error = errorText(`${testPrefix}-error`);
    this.warnings = h('ul', { class: 'warnings', testid: `${testPrefix}-warnings`, hidden: true });
    this.cancel = h('button', { type: 'button', class: 'secondary', testid: `${testPrefix}-cancel`, hidden: true }, 'Cancel job');
    this.cancel.addEventListener('click', () => {
      if (this.cancelUrl === null) return;
      this.cancel.disabled = true;
      this.api.post<Job>(this.cancelUrl).then((job) => this.show(job), (e: unknown) => {
        showMessage(this.error, describeError(e));
        this.cancel.disabled = false;
      });
    });
    this.element = h('div', { class: 'job-view', hidden: true },
      h('p', { 'aria-live': 'polite' }, this.title, ': ', this.status, ' ', this.cancel), this.progress.element, this.warnings, this.error);
  }

  /** Shows the job and, unless it has finished, polls `url` until it does. */
  follow(job: Job, url: string, onFinished: (job: Job) => void): void {
    this.following?.abort();
    const following = new AbortController();
    this.following = following;
    // Scoring jobs can be cancelled (issue 14): a batch in flight rolls back, no half-done scores.
    this.cancelUrl = /^\/api\/(jobs|clickme\/map-jobs|triplet-jobs)\/\d+$/.test(url) ? `${url}/cancel` : null;
    this.cancel.disabled = false;
    this.pageLeft.addEventListener('abort', () => following.abort(), { once: true });
    this.show(job);
    if (isFinished(job)) {
      onFinished(job);
      return;
    }
    let first = true;
    poll(following.signal, POLL_MS, async () => {
      if (first) {
        first = false;
        return true; // the job answered just now; the first poll waits one interval
      }
      try {
        const fresh = await this.api.get<Job>(url);
        if (following.signal.aborted) return false;
        this.show(fresh);
        showMessage(this.error, null);
        if (isFinished(fresh)) {
          onFinished(fresh);
          return false;
        }
      } catch (e) {
        showMessage(this.error, `Could not update: ${describeError(e)}`);
      }
      return true;
    });
  }

  private show(job: Job): void {
    const perSecond = job.ratePerSecond > 0 ? `, ${rate(job.ratePerSecond)} per second` : '';
    this.progress.set(job.done, job.total, `${job.done} / ${job.total}${perSecond}`);
    this.element.hidden = false;
    this.title.textContent = `Job ${job.id} (${job.model}${job.method ? `, ${job.method}` : ''}${job.similarity === undefined ? '' : `, ${tripletMethod(job)}`})`;
    this.status.textContent = job.status;
    this.status.className = `status ${job.status}`;
    this.cancel.hidden = this.cancelUrl === null || isFinished(job);
    showMessage(this.error, job.status === 'failed' ? job.error ?? 'The job failed.' : null);
    const warnings = job.warnings ?? [];
    this.warnings.replaceChildren(...warnings.map((warning) => h('li', null, `Warning: ${warning}`)));
    this.warnings.hidden = warnings.length === 0;
  }
}

/**
 * How a triplet job compares images: "cosine of its embedding"; a model without an embedding
 * output answers from its class probabilities, said so since its answers mean less (docs/triplet.md).
 */
export function tripletMethod(job: Job): string {
  const source = job.source === 'probabilities' ? 'its class probabilities (no embedding output)' : `its ${job.source ?? 'vectors'}`;
  return `${job.similarity ?? '?'} of ${source}`;
}

export function isFinished(job: Job): boolean {
  return job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';
}
