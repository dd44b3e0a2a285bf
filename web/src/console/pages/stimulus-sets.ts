/**
 * Stimulus sets: the list, the upload (a zip or a folder of class-named subfolders, with or
 * without a manifest), and a preview of each set's images by category.
 */
import { seg, type ConsoleApi } from '../api';
import { describeError, row, table, whileBusy } from '../controls';
import { errorText, h, showMessage, testIdPart } from '../dom';
import { dateTime } from '../format';
import type { Page } from '../page';
import type { StimulusImage, StimulusSet } from '../types';
import { uploadForm } from '../upload';

const PREVIEW_IMAGES = 12;

export const stimulusSetsPage: Page = (root, ctx) => {
  const list = h('div', { testid: 'stimulus-sets' }, h('p', { class: 'muted' }, 'Loading stimulus sets…'));
  const error = errorText('stimulus-sets-error');
  const refresh = () => {
    ctx.api.get<StimulusSet[]>('/api/stimulus-sets')
      .then((sets) => {
        if (!ctx.signal.aborted) list.replaceChildren(setsTable(sets, (s) => deleteSet(s)));
      })
      .catch((e: unknown) => showMessage(error, describeError(e)));
  };

  // Only a set no experiment uses can be deleted (issue 14); the server says why otherwise.
  const deleteSet = (s: StimulusSet): void => {
    if (!window.confirm(`Delete stimulus set ${s.name} version ${s.version}?`)) return;
    showMessage(error, null);
    ctx.api.delete(`/api/stimulus-sets/${seg(s.id)}`).then(refresh, (e: unknown) => showMessage(error, describeError(e)));
  };

  const name = h('input', { id: 'upload-name', testid: 'upload-name', autocomplete: 'off', placeholder: 'e.g. fashion-mnist' });
  const version = h('input', { id: 'upload-version', testid: 'upload-version', autocomplete: 'off', placeholder: 'e.g. 1' });
  const upload = uploadForm<StimulusSet>({
    api: ctx.api,
    noun: 'stimulus set',
    fields: [
      h('div', { class: 'field' }, h('label', { for: 'upload-name' }, 'Name'), name),
      h('div', { class: 'field' }, h('label', { for: 'upload-version' }, 'Version'), version),
      h('p', { class: 'muted' }, 'A manifest in the archive may give both; the fields, when filled in, are sent too.'),
    ],
    target: () => {
      const query = new URLSearchParams();
      if (name.value.trim() !== '') query.set('name', name.value.trim());
      if (version.value.trim() !== '') query.set('version', version.value.trim());
      const search = query.toString();
      return { url: `/api/stimulus-sets${search === '' ? '' : `?${search}`}` };
    },
    onUploaded: (set) => {
      refresh();
      return `Imported ${set.name} version ${set.version}: ${set.images} images in ${set.categories.length} categories.`;
    },
  });

  root.replaceChildren(
    h('h1', null, 'Stimulus sets'), error, list,
    h('h2', null, 'Upload a stimulus set'),
    h('p', { class: 'muted' }, 'A zip, or a folder, holding a manifest.json or one folder of images per category. Every image is decoded and checked; a bad file refuses the whole upload.'),
    upload);
  refresh();
};

function setsTable(sets: StimulusSet[], onDelete: (set: StimulusSet) => void): HTMLElement {
  if (sets.length === 0) return h('p', { testid: 'stimulus-sets-empty' }, 'No stimulus sets yet.');
  const newestFirst = [...sets].sort((a, b) => b.importedAt.localeCompare(a.importedAt));
  const named = new Set<string>();
  return table('stimulus-sets-table', ['Name', 'Version', 'Images', 'Categories', 'Imported', ''],
    newestFirst.map((s) => {
      // The newest version of a name gets the plain testid; older ones carry their version.
      const testid = `stimulus-set-row-${testIdPart(s.name)}${named.has(s.name) ? `-v${testIdPart(String(s.version))}` : ''}`;
      named.add(s.name);
      return row({ testid },
        h('a', { href: `/console/stimulus-sets/${seg(s.id)}`, testid: `stimulus-set-link-${s.id}` }, s.name),
        s.version, String(s.images),
        s.categories.map((c) => `${c.name} (${c.images})`).join(', '),
        dateTime(s.importedAt),
        deleteButton(`stimulus-set-delete-${s.id}`, () => onDelete(s)));
    }));
}

function deleteButton(testid: string, onClick: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary', testid }, 'Delete');
  button.addEventListener('click', onClick);
  return button;
}

/** How the preview renders the set: the experiment fields of the same names (issue 10). */
interface PreviewSettings { fit: string; manipulation: string; renderSize: string; displaySize: number }

/**
 * /console/stimulus-sets/{id}: a few images of every category, as participants will see them —
 * fitted (crop, pad, contain), at the render size, manipulated — drawn in the display box with
 * nearest-neighbour enlargement, the source file a click away.
 */
export const stimulusSetPage: Page = (root, ctx) => {
  const id = ctx.params.id!;
  const title = h('h1', null, 'Stimulus set');
  const error = errorText('stimulus-set-error');
  const categories = h('div', { class: 'preview' });
  const fit = h('select', { testid: 'preview-fit' },
    h('option', { value: 'crop' }, 'crop (centre square)'),
    h('option', { value: 'pad' }, 'pad (mid-grey)'),
    h('option', { value: 'contain' }, 'contain (whole image)'));
  const manipulation = h('input', { testid: 'preview-manipulation', value: 'none', size: 18,
    title: 'name or name:level, e.g. grayscale, uniform-noise:0.2, low-pass:3' });
  const renderSize = h('input', { testid: 'preview-render-size', type: 'number', min: 2, max: 1024, placeholder: 'default',
    title: 'render size in pixels; empty: the source size, at most the display size' });
  const settings = (): PreviewSettings => ({
    fit: fit.value, manipulation: manipulation.value.trim(), renderSize: renderSize.value.trim(), displaySize: 224 });
  const controls = h('p', { class: 'preview-settings' },
    h('label', null, 'Fit ', fit), ' ', h('label', null, 'Manipulation ', manipulation), ' ',
    h('label', null, 'Render size ', renderSize), ' ',
    h('small', { class: 'muted' }, 'Shown as participants see it in a 224 px box.'));
  root.replaceChildren(h('p', { class: 'breadcrumb' }, h('a', { href: '/console/stimulus-sets' }, 'Stimulus sets')), title,
    controls, error, categories);
  ctx.api.get<StimulusSet[]>('/api/stimulus-sets')
    .then((sets) => {
      const set = sets.find((s) => String(s.id) === id);
      if (!set) {
        showMessage(error, `There is no stimulus set ${id}.`);
        return;
      }
      title.textContent = `${set.name} version ${set.version}`;
      const show = () => categories.replaceChildren(...set.categories.map((c) => categoryPreview(ctx.api, id, c, settings())));
      for (const control of [fit, manipulation, renderSize]) control.addEventListener('change', show);
      show();
    })
    .catch((e: unknown) => showMessage(error, describeError(e)));
};

function previewQuery(category: string, limit: number, s: PreviewSettings): URLSearchParams {
  const query = new URLSearchParams({ category, limit: String(limit), fit: s.fit, displaySize: String(s.displaySize) });
  const [name = 'none', level] = s.manipulation.split(':');
  query.set('manipulation', name.trim() || 'none');
  if (level !== undefined && level.trim() !== '') query.set('level', level.trim());
  if (s.renderSize !== '') query.set('renderSize', s.renderSize);
  return query;
}

function categoryPreview(api: ConsoleApi, setId: string, category: StimulusSet['categories'][number],
  settings: PreviewSettings): HTMLElement {
  const images = h('div', { class: 'thumbs' });
  const more = h('button', { type: 'button', class: 'secondary', testid: `preview-more-${testIdPart(category.name)}` }, 'Show more');
  const error = errorText(`preview-error-${testIdPart(category.name)}`);
  let limit = PREVIEW_IMAGES;
  const load = async () => {
    try {
      const list = await api.get<StimulusImage[]>(`/api/stimulus-sets/${seg(setId)}/images?${previewQuery(category.name, limit, settings)}`);
      images.replaceChildren(...list.map((image) =>
        h('a', { href: image.url, title: `${image.file} (click: the source file)` },
          h('img', { src: image.shownUrl, alt: `${image.category}: ${image.file}`, loading: 'lazy', width: 96, height: 96,
            class: 'shown' }))));
      more.hidden = list.length >= category.images || list.length < limit;
    } catch (e) {
      showMessage(error, describeError(e));
    }
  };
  more.addEventListener('click', () => {
    limit *= 4;
    void whileBusy(more, 'Loading…', load);
  });
  void load();
  return h('section', { testid: `preview-category-${testIdPart(category.name)}`, class: 'category' },
    h('h2', null, `${category.name} `, h('small', { class: 'muted' }, `${category.images} images`)),
    images, more, error);
}
