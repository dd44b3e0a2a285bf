import { afterEach, describe, expect, it } from 'vitest';
import { TandemApi } from '../src/core/api';
import { runWithdrawal } from '../src/participant/withdraw';

afterEach(() => document.body.replaceChildren());

/** /api/withdrawals as the server answers it: each code works once. */
function server(codes: Set<string>) {
  const calls: string[] = [];
  const fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    const code = JSON.parse(init!.body as string).code as string;
    calls.push(`${init!.method} ${url} ${code}`);
    if (!codes.delete(code)) return new Response(JSON.stringify({ error: 'not valid', field: 'code' }), { status: 404 });
    return new Response(JSON.stringify({ sessions: 1, rows: { response: 10 } }), { status: 200 });
  };
  return { api: new TandemApi(fetch), calls };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(check()).toBe(true);
}

describe('withdrawal page', () => {
  it('withdraws with the code from the link, and says when a code is used up', async () => {
    const { api, calls } = server(new Set(['c0de']));
    window.location.hash = '#code=c0de';
    const root = document.createElement('div');
    document.body.append(root);
    runWithdrawal(api, root, window);
    const input = root.querySelector<HTMLInputElement>('[data-testid="withdraw-code-input"]')!;
    expect(input.value).toBe('c0de');
    root.querySelector<HTMLButtonElement>('[data-testid="withdraw"]')!.click();
    await until(() => root.querySelector('[data-testid="withdrawn"]') !== null);
    expect(calls).toEqual(['POST /api/withdrawals c0de']);

    root.replaceChildren();
    runWithdrawal(api, root, window);
    root.querySelector<HTMLButtonElement>('[data-testid="withdraw"]')!.click();
    await until(() => root.querySelector('[data-testid="withdraw-error"]')!.textContent !== '');
    expect(root.querySelector('[data-testid="withdraw-error"]')!.textContent).toBe('This code is not valid, or it was used already.');
    window.location.hash = '';
  });
});
