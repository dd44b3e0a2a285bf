/**
 * Models: the registry (GET /api/models) and, for admins, registering one by uploading its
 * folder. Only admins register: a SavedModel is a program the server and its workers run.
 */
import { describeError, row, table } from '../controls';
import { errorText, h, showMessage, testIdPart } from '../dom';
import { dateTime, percent } from '../format';
import type { Page } from '../page';
import type { Model } from '../types';
import { uploadForm } from '../upload';

export const modelsPage: Page = (root, ctx) => {
  const list = h('div', { testid: 'models' }, h('p', { class: 'muted' }, 'Loading models…'));
  const error = errorText('models-error');
  const refresh = () => {
    ctx.api.get<Model[]>('/api/models')
      .then((models) => {
        if (!ctx.signal.aborted) list.replaceChildren(modelsTable(models, ctx.account.role === 'admin' ? deleteModel : null));
      })
      .catch((e: unknown) => showMessage(error, describeError(e)));
  };
  // Admins delete a model nothing refers to (issue 14); one with scores or jobs is refused.
  const deleteModel = (m: Model): void => {
    if (!window.confirm(`Delete model ${m.name} version ${m.version}?`)) return;
    showMessage(error, null);
    ctx.api.delete(`/api/models/${m.id}`).then(refresh, (e: unknown) => showMessage(error, describeError(e)));
  };
  root.replaceChildren(h('h1', null, 'Models'), error, list);
  refresh();
  if (ctx.account.role !== 'admin') {
    root.append(h('p', { class: 'muted', testid: 'models-admin-only' },
      'Admins register models (a SavedModel is a program the server runs). Score experiments with these on an experiment’s Score tab.'));
    return;
  }
  const upload = uploadForm<Model>({
    api: ctx.api,
    noun: 'model',
    target: () => ({ url: '/api/models' }),
    onUploaded: (model) => {
      refresh();
      return `Registered ${model.name} version ${model.version} (${model.categories.length} categories).`;
    },
  });
  root.append(
    h('h2', null, 'Register a model'),
    h('p', { class: 'muted' }, 'A zip, or a folder, holding a TensorFlow SavedModel and its model.json (input size, normalization, output index → category mapping). Score experiments with it on an experiment’s Score tab.'),
    upload);
};

function modelsTable(models: Model[], onDelete: ((model: Model) => void) | null): HTMLElement {
  if (models.length === 0) return h('p', { testid: 'models-empty' }, 'No models registered yet.');
  const newestFirst = [...models].sort((a, b) => b.registeredAt.localeCompare(a.registeredAt));
  const named = new Set<string>();
  return table('models-table', ['Name', 'Version', 'Categories', 'Test accuracy', 'Registered', ...(onDelete ? [''] : [])],
    newestFirst.map((m) => {
      // The newest version of a name gets the plain testid; older ones carry their version.
      const testid = `model-row-${testIdPart(m.name)}${named.has(m.name) ? `-v${testIdPart(String(m.version))}` : ''}`;
      named.add(m.name);
      return row({ testid },
        m.name, String(m.version),
        h('span', { title: m.categories.join(', ') }, `${m.categories.length}: ${abbreviate(m.categories)}`),
        percent(m.testAccuracy), dateTime(m.registeredAt),
        onDelete === null ? null : deleteButton(`model-delete-${m.id}`, () => onDelete(m)));
    }));
}

function abbreviate(names: string[], shown = 4): string {
  return names.length <= shown ? names.join(', ') : `${names.slice(0, shown).join(', ')}, …`;
}

function deleteButton(testid: string, onClick: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary', testid }, 'Delete');
  button.addEventListener('click', onClick);
  return button;
}
