/**
 * Repeats a task until the page is left or the task answers false: the next run starts
 * intervalMs after the previous one ended, so a slow server never gets overlapping requests.
 * Tasks show their own errors; one that throws anyway is logged and tried again.
 */
export function poll(signal: AbortSignal, intervalMs: number, task: () => Promise<boolean | void>): void {
  const run = async (): Promise<void> => {
    if (signal.aborted) return;
    let again: boolean | void = true;
    try {
      again = await task();
    } catch (e) {
      console.error('tandem console:', e);
    }
    if (again === false || signal.aborted) return;
    const timer = setTimeout(() => void run(), intervalMs);
    signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  };
  void run();
}
