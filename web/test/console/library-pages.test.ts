import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleApp } from '../../src/console/app';
import type { ManagedAccount, SignedIn, StimulusSet } from '../../src/console/types';
import { byTestId, FakeHistory, FakeServer, FakeXhr, maybeTestId, type } from './helpers';

const ALICE: SignedIn = { account: { id: 2, username: 'alice', role: 'experimenter' }, csrfToken: 'csrf-alice' };
const ROOT: SignedIn = { account: { id: 1, username: 'root', role: 'admin' }, csrfToken: 'csrf-root' };
const SET: StimulusSet = {
  id: 4, name: 'animals', version: '2', images: 40, importedAt: '2026-02-01T00:00:00Z',
  categories: [{ name: 'cat', images: 20 }, { name: 'Big dog', images: 20 }],
};

function open(url: string, fake: FakeServer, xhr?: FakeXhr) {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  const host = new FakeHistory(url);
  new ConsoleApp(root, host, { fetch: fake.fetch, xhr: () => xhr as unknown as XMLHttpRequest }).start();
  return { root, host };
}

/** A file as <input webkitdirectory> hands it over. */
function picked(relativePath: string, content: string): File {
  const file = new File([content], relativePath.split('/').pop()!, { lastModified: Date.UTC(2025, 0, 1) });
  Object.defineProperty(file, 'webkitRelativePath', { value: relativePath });
  return file;
}

function choose(input: HTMLInputElement, files: File[]): void {
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change'));
}

/** Names of the entries of a zip, read from its central directory. */
async function zipNames(blob: Blob): Promise<string[]> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const v = new DataView(bytes.buffer);
  const end = bytes.length - 22;
  let p = v.getUint32(end + 16, true);
  const names: string[] = [];
  for (let i = 0; i < v.getUint16(end + 10, true); i++) {
    const length = v.getUint16(p + 28, true);
    names.push(new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + length)));
    p += 46 + length;
  }
  return names;
}

afterEach(() => document.body.replaceChildren());

describe('stimulus sets', () => {
  it('uploads a folder as a zip of its files with the name and version, showing progress', async () => {
    const xhr = new FakeXhr();
    const fake = new FakeServer().on('GET /api/auth/me', { body: ALICE }).on('GET /api/stimulus-sets', { body: [] });
    const { root } = open('/console/stimulus-sets', fake, xhr);
    await vi.waitFor(() => byTestId(root, 'stimulus-sets-empty'));
    type(byTestId<HTMLInputElement>(root, 'upload-name'), 'animals');
    type(byTestId<HTMLInputElement>(root, 'upload-version'), '2');
    choose(byTestId<HTMLInputElement>(root, 'upload-folder'), [picked('animals/cat/1.png', 'c'), picked('animals/Big dog/1.png', 'd'), picked('animals/.DS_Store', 'x')]);
    expect(byTestId(root, 'upload-choice').textContent).toMatch(/^Folder animals: 3 files/);
    byTestId<HTMLButtonElement>(root, 'upload-submit').click();
    await vi.waitFor(() => expect(xhr.url).toBe('/api/stimulus-sets?name=animals&version=2'));
    expect(xhr.headers['Content-Type']).toBe('application/zip');
    expect(xhr.headers['X-CSRF-Token']).toBe('csrf-alice');
    expect(await zipNames(xhr.body as Blob)).toEqual(['Big dog/1.png', 'cat/1.png']);
    xhr.progress(50, 200);
    expect(byTestId<HTMLProgressElement>(root, 'upload-progress').value).toBe(50);
    expect(byTestId(root, 'upload-progress-text').textContent).toBe('Uploading 50 B of 200 B (25 %)');
    expect(byTestId<HTMLButtonElement>(root, 'upload-submit').disabled).toBe(true);
    fake.on('GET /api/stimulus-sets', { body: [SET] });
    xhr.answer(201, JSON.stringify(SET));
    await vi.waitFor(() => expect(byTestId(root, 'upload-result').textContent).toBe('Imported animals version 2: 40 images in 2 categories.'));
    await vi.waitFor(() => byTestId(root, 'stimulus-set-row-animals'));
  });

  it('shows the server’s refusal, which names the file', async () => {
    const xhr = new FakeXhr();
    const fake = new FakeServer().on('GET /api/auth/me', { body: ALICE }).on('GET /api/stimulus-sets', { body: [] });
    const { root } = open('/console/stimulus-sets', fake, xhr);
    await vi.waitFor(() => byTestId(root, 'stimulus-sets-empty'));
    const zip = new File(['PK'], 'set.zip', { type: 'application/zip' });
    choose(byTestId<HTMLInputElement>(root, 'upload-file'), [zip]);
    byTestId<HTMLButtonElement>(root, 'upload-submit').click();
    await vi.waitFor(() => expect(xhr.url).toBe('/api/stimulus-sets'));
    expect(xhr.body).toBe(zip);
    xhr.answer(422, JSON.stringify({ error: 'cat/7.png is not a PNG or JPEG image', field: 'cat/7.png' }));
    await vi.waitFor(() => expect(byTestId(root, 'upload-error').textContent)
      .toBe('The stimulus set was not imported: cat/7.png is not a PNG or JPEG image'));
    expect(byTestId(root, 'upload-progress').closest<HTMLElement>('.progress')!.hidden).toBe(true);
  });

  it('asks for a file or folder before sending anything', async () => {
    const xhr = new FakeXhr();
    const fake = new FakeServer().on('GET /api/auth/me', { body: ALICE }).on('GET /api/stimulus-sets', { body: [] });
    const { root } = open('/console/stimulus-sets', fake, xhr);
    await vi.waitFor(() => byTestId(root, 'upload-submit'));
    byTestId<HTMLButtonElement>(root, 'upload-submit').click();
    expect(byTestId(root, 'upload-error').textContent).toBe('Choose a .zip file or a folder first.');
    expect(xhr.method).toBe('');
  });

  it('previews a set’s images grouped by category, as participants will see them', async () => {
    const fake = new FakeServer().on('GET /api/auth/me', { body: ALICE }).on('GET /api/stimulus-sets', { body: [SET] })
      .on('GET /api/stimulus-sets/4/images', (req) => {
        const params = new URL(req.url, 'http://x').searchParams;
        const category = params.get('category')!;
        const shown = `${params.get('fit')}-${params.get('manipulation')}-${params.get('level') ?? ''}`;
        return { body: [{ index: 0, file: `${category}/1.png`, category, sha256: 'ab', url: `/stimuli/ab-${category.length}.png`,
          shownUrl: `/stimuli/${shown}-${category.length}.png` }] };
      });
    const { root } = open('/console/stimulus-sets/4', fake);
    await vi.waitFor(() => byTestId(root, 'preview-category-big-dog').querySelector('img'));
    const cat = () => byTestId(root, 'preview-category-cat');
    expect(cat().querySelector('img')!.getAttribute('src')).toBe('/stimuli/crop-none--3.png');
    expect(cat().querySelector('a')!.getAttribute('href')).toBe('/stimuli/ab-3.png');
    expect(fake.requests.map((r) => r.url))
      .toContain('/api/stimulus-sets/4/images?category=Big+dog&limit=12&fit=crop&displaySize=224&manipulation=none');

    const fit = byTestId<HTMLSelectElement>(root, 'preview-fit');
    fit.value = 'pad';
    fit.dispatchEvent(new Event('change'));
    const manipulation = byTestId<HTMLInputElement>(root, 'preview-manipulation');
    manipulation.value = 'uniform-noise:0.2';
    manipulation.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(cat().querySelector('img')?.getAttribute('src')).toBe('/stimuli/pad-uniform-noise-0.2-3.png'));
  });
});

describe('models', () => {
  it('lists models with their test accuracy and lets an admin register a zipped model folder', async () => {
    const xhr = new FakeXhr();
    const fake = new FakeServer().on('GET /api/auth/me', { body: ROOT })
      .on('GET /api/models', { body: [{ id: 1, name: 'fashion-cnn', version: '1', categories: ['Bag', 'Coat'], testAccuracy: 0.912, registeredAt: '2026-01-01T00:00:00Z' }] });
    const { root } = open('/console/models', fake, xhr);
    const listed = await vi.waitFor(() => byTestId(root, 'model-row-fashion-cnn'));
    expect(listed.textContent).toContain('91.2 %');
    choose(byTestId<HTMLInputElement>(root, 'upload-folder'), [picked('cnn/model.json', '{}'), picked('cnn/saved_model.pb', 'pb'), picked('cnn/variables/variables.index', 'i')]);
    byTestId<HTMLButtonElement>(root, 'upload-submit').click();
    await vi.waitFor(() => expect(xhr.url).toBe('/api/models'));
    expect(await zipNames(xhr.body as Blob)).toEqual(['model.json', 'saved_model.pb', 'variables/variables.index']);
  });
});

describe('models for experimenters', () => {
  it('lists models but offers no registration', async () => {
    const fake = new FakeServer().on('GET /api/auth/me', { body: ALICE }).on('GET /api/models', { body: [] });
    const { root } = open('/console/models', fake);
    await vi.waitFor(() => byTestId(root, 'models-empty'));
    expect(byTestId(root, 'models-admin-only').textContent).toContain('Admins register models');
    expect(root.querySelector('[data-testid="upload-submit"]')).toBeNull();
  });
});

describe('tokens', () => {
  it('shows a new token once, with a copy button, and revokes tokens', async () => {
    let tokens = [{ id: 5, label: 'old', username: 'alice', createdAt: '2026-01-01T00:00:00Z', revokedAt: null as string | null }];
    const fake = new FakeServer().on('GET /api/auth/me', { body: ALICE })
      .on('GET /api/tokens', () => ({ body: tokens }))
      .on('POST /api/tokens', { status: 201, body: { id: 6, label: 'laptop', token: 'tdm_secret' } })
      .on('DELETE /api/tokens/5', () => {
        tokens = [{ ...tokens[0]!, revokedAt: '2026-01-02T00:00:00Z' }];
        return { status: 204 };
      });
    const { root } = open('/console/tokens', fake);
    await vi.waitFor(() => byTestId(root, 'token-row-5'));
    type(byTestId<HTMLInputElement>(root, 'token-label'), 'laptop');
    byTestId<HTMLButtonElement>(root, 'token-create').click();
    await vi.waitFor(() => expect(byTestId(root, 'token-new-value').textContent).toBe('tdm_secret'));
    expect(maybeTestId(root, 'token-copy')).not.toBeNull();
    expect(fake.calls('POST /api/tokens')[0]!.body).toEqual({ label: 'laptop' });
    byTestId<HTMLButtonElement>(root, 'token-revoke-5').click();
    await vi.waitFor(() => expect(maybeTestId(root, 'token-revoke-5')).toBeNull());
    expect(fake.calls('DELETE /api/tokens/5')[0]!.headers['X-CSRF-Token']).toBe('csrf-alice');
  });
});

describe('accounts', () => {
  it('lets an administrator create accounts, change roles, disable and set passwords', async () => {
    let accounts: ManagedAccount[] = [{ id: 2, username: 'alice', role: 'experimenter', disabled: false, createdAt: '2026-01-01T00:00:00Z' }];
    const fake = new FakeServer().on('GET /api/auth/me', { body: ROOT })
      .on('GET /api/accounts', () => ({ body: accounts }))
      .on('POST /api/accounts', (req) => {
        const body = req.body as { username: string; role: 'admin' | 'experimenter' };
        const created = { id: 3, username: body.username, role: body.role, disabled: false, createdAt: '2026-01-03T00:00:00Z' };
        accounts = [...accounts, created];
        return { status: 201, body: created };
      })
      .on('PATCH /api/accounts/2', (req) => {
        accounts = [{ ...accounts[0]!, ...(req.body as Partial<ManagedAccount>) }, ...accounts.slice(1)];
        return { body: accounts[0] };
      });
    const { root } = open('/console/accounts', fake);
    await vi.waitFor(() => byTestId(root, 'account-row-alice'));

    type(byTestId<HTMLInputElement>(root, 'account-new-username'), 'bob');
    type(byTestId<HTMLInputElement>(root, 'account-new-password'), 'long enough');
    type(byTestId<HTMLSelectElement>(root, 'account-new-role'), 'admin');
    byTestId<HTMLButtonElement>(root, 'account-create').click();
    await vi.waitFor(() => byTestId(root, 'account-row-bob'));
    expect(fake.calls('POST /api/accounts')[0]!.body).toEqual({ username: 'bob', password: 'long enough', role: 'admin' });

    type(byTestId<HTMLSelectElement>(root, 'account-role-alice'), 'admin');
    await vi.waitFor(() => expect(byTestId(root, 'accounts-status').textContent).toBe('alice is now admin.'));
    byTestId<HTMLButtonElement>(root, 'account-disabled-alice').click();
    await vi.waitFor(() => expect(byTestId(root, 'account-disabled-alice').textContent).toBe('Enable'));
    type(byTestId<HTMLInputElement>(root, 'account-password-alice'), 'new secret');
    byTestId<HTMLButtonElement>(root, 'account-password-set-alice').click();
    await vi.waitFor(() => expect(byTestId(root, 'accounts-status').textContent).toBe('New password set for alice.'));
    expect(fake.calls('PATCH /api/accounts/2').map((r) => r.body)).toEqual([{ role: 'admin' }, { disabled: true }, { password: 'new secret' }]);
  });
});
