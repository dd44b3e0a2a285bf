import { describe, expect, it, vi } from 'vitest';
import { ApiError, ConsoleApi, retryAfterSeconds, type FetchLike } from '../../src/console/api';
import { FakeXhr } from './helpers';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeServer(status = 200, body = '{}', headers: Record<string, string> = {}) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return new Response(status === 204 ? null : body, { status, headers });
  };
  return { calls, fetch };
}

const header = (call: Call, name: string): string | undefined =>
  (call.init.headers as Record<string, string>)[name];

describe('console API wrapper', () => {
  it('sends the CSRF token on POST, PUT, PATCH and DELETE but not on GET', async () => {
    const server = fakeServer();
    const api = new ConsoleApi({ fetch: server.fetch, onUnauthorized: () => {} });
    api.csrfToken = 'csrf-123';
    await api.get('/api/experiments');
    await api.post('/api/tokens', { label: 'x' });
    await api.put('/api/experiments/a/draft', {});
    await api.patch('/api/accounts/1', { role: 'admin' });
    await api.delete('/api/tokens/1');
    expect(server.calls.map((c) => [c.init.method, header(c, 'X-CSRF-Token')])).toEqual([
      ['GET', undefined],
      ['POST', 'csrf-123'],
      ['PUT', 'csrf-123'],
      ['PATCH', 'csrf-123'],
      ['DELETE', 'csrf-123'],
    ]);
  });

  it('sends JSON with the login cookie (same-origin) and reads JSON back', async () => {
    const server = fakeServer(201, '{"id":7,"label":"ci","token":"t0k"}');
    const api = new ConsoleApi({ fetch: server.fetch, onUnauthorized: () => {} });
    const created = await api.post<{ id: number }>('/api/tokens', { label: 'ci' });
    expect(created.id).toBe(7);
    const call = server.calls[0]!;
    expect(call.init.credentials).toBe('same-origin');
    expect(call.init.body).toBe('{"label":"ci"}');
    expect(header(call, 'Content-Type')).toBe('application/json');
  });

  it('answers undefined for a 204', async () => {
    const api = new ConsoleApi({ fetch: fakeServer(204).fetch, onUnauthorized: () => {} });
    await expect(api.delete('/api/tokens/1')).resolves.toBeUndefined();
  });

  it('sends the user to the login page on a 401', async () => {
    const onUnauthorized = vi.fn();
    const api = new ConsoleApi({ fetch: fakeServer(401, '{"error":"sign in first"}').fetch, onUnauthorized });
    await expect(api.get('/api/experiments')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('leaves a wrong password to the login page instead of redirecting', async () => {
    const onUnauthorized = vi.fn();
    const api = new ConsoleApi({ fetch: fakeServer(401, '{"error":"wrong username or password"}').fetch, onUnauthorized });
    await expect(api.post('/api/auth/login', {}, { redirectOnUnauthorized: false }))
      .rejects.toMatchObject({ status: 401, message: 'wrong username or password' });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('surfaces the server error and the field it names', async () => {
    const api = new ConsoleApi({
      fetch: fakeServer(400, '{"error":"must be at least 1","field":"conditions.durationsMs[2]"}').fetch,
      onUnauthorized: () => {},
    });
    const error = await api.post('/api/experiments/a/publish').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, message: 'must be at least 1', field: 'conditions.durationsMs[2]' });
  });

  it('reads Retry-After from a 429', async () => {
    const api = new ConsoleApi({
      fetch: fakeServer(429, '{"error":"too many attempts"}', { 'Retry-After': '840' }).fetch,
      onUnauthorized: () => {},
    });
    await expect(api.post('/api/auth/login', {}, { redirectOnUnauthorized: false }))
      .rejects.toMatchObject({ status: 429, retryAfterSeconds: 840 });
  });

  it('names the status when the body is not an error object', async () => {
    const api = new ConsoleApi({ fetch: fakeServer(502, '<html>bad gateway</html>').fetch, onUnauthorized: () => {} });
    await expect(api.get('/api/experiments')).rejects.toThrow(/502/);
  });

  it('reports a network failure as status 0', async () => {
    const api = new ConsoleApi({ fetch: () => Promise.reject(new TypeError('Failed to fetch')), onUnauthorized: () => {} });
    await expect(api.get('/api/experiments')).rejects.toMatchObject({ status: 0 });
  });

  it('turns Retry-After dates into seconds', () => {
    expect(retryAfterSeconds('120')).toBe(120);
    expect(retryAfterSeconds(new Date(61_000).toUTCString(), 1_000)).toBe(60);
    expect(retryAfterSeconds(null)).toBeNull();
  });
});

describe('uploads', () => {
  const setup = () => {
    const xhr = new FakeXhr();
    const onUnauthorized = vi.fn();
    const api = new ConsoleApi({ fetch: fakeServer().fetch, xhr: () => xhr as unknown as XMLHttpRequest, onUnauthorized });
    api.csrfToken = 'csrf-up';
    return { xhr, api, onUnauthorized };
  };

  it('POSTs the bytes as application/zip with the CSRF token and reports progress', async () => {
    const { xhr, api } = setup();
    const progress: [number, number][] = [];
    const body = new Blob([new Uint8Array(10)]);
    const done = api.upload<{ id: number }>('/api/stimulus-sets?name=a&version=1', body, 'application/zip',
      (sent, total) => progress.push([sent, total]));
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/stimulus-sets?name=a&version=1');
    expect(xhr.headers['Content-Type']).toBe('application/zip');
    expect(xhr.headers['X-CSRF-Token']).toBe('csrf-up');
    expect(xhr.body).toBe(body);
    xhr.progress(4, 10);
    xhr.progress(10, 10);
    xhr.answer(201, '{"id":3}');
    await expect(done).resolves.toEqual({ id: 3 });
    expect(progress).toEqual([[4, 10], [10, 10]]);
  });

  it('surfaces the server naming the bad file', async () => {
    const { xhr, api } = setup();
    const done = api.upload('/api/stimulus-sets', new Blob([]), 'application/zip', () => {});
    xhr.answer(422, '{"error":"Bag/7.png is not an image","field":"Bag/7.png"}');
    await expect(done).rejects.toMatchObject({ status: 422, message: 'Bag/7.png is not an image', field: 'Bag/7.png' });
  });

  it('sends a signed-out uploader to the login page', async () => {
    const { xhr, api, onUnauthorized } = setup();
    const done = api.upload('/api/models', new Blob([]), 'application/zip', () => {});
    xhr.answer(401, '{"error":"sign in"}');
    await expect(done).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });
});
