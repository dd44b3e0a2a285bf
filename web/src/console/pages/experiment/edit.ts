/**
 * Edit tab: the definition editor, "Save draft" (PUT …/draft) and "Publish" (POST …/publish,
 * which stores the saved draft as a new immutable version).
 */
import { ApiError, seg } from '../../api';
import { describeError, whileBusy } from '../../controls';
import { errorText, h, replace, showMessage } from '../../dom';
import { DefinitionEditor } from '../../editor/editor';
import { maskedTemplate } from '../../editor/template';
import { dateTime } from '../../format';
import type { Model, Published, SavedDraft, StimulusSet, Validation } from '../../types';
import { editableDefinition, latestVersion, type ExperimentContext } from './context';

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

export function editTab(panel: HTMLElement, ctx: ExperimentContext): void {
  const loading = h('p', { class: 'muted' }, 'Loading stimulus sets and models…');
  panel.replaceChildren(loading);
  const sets = ctx.api.get<StimulusSet[]>('/api/stimulus-sets');
  const models = ctx.api.get<Model[]>('/api/models');
  void Promise.allSettled([sets, models]).then(([setsAnswer, modelsAnswer]) => {
    if (ctx.signal.aborted) return;
    const problems: string[] = [];
    const setList = setsAnswer.status === 'fulfilled' ? setsAnswer.value : (problems.push(`Stimulus sets: ${describeError(setsAnswer.reason)}`), []);
    const modelList = modelsAnswer.status === 'fulfilled' ? modelsAnswer.value : (problems.push(`Models: ${describeError(modelsAnswer.reason)}`), []);
    renderEditor(panel, ctx, setList, [...new Set(modelList.map((m) => m.name))], problems);
  });
}

function renderEditor(panel: HTMLElement, ctx: ExperimentContext, sets: StimulusSet[], models: string[], problems: string[]): void {
  const isNew = ctx.detail === null;
  const definition = ctx.detail ? editableDefinition(ctx.detail) ?? {} : maskedTemplate(defaultSet(sets));
  const editor = new DefinitionEditor({
    definition,
    validate: (d) => ctx.api.post<Validation>('/api/experiments/validate', d),
    stimulusSets: sets,
    models,
    ...(isNew ? {} : { lockedSlug: ctx.slug }),
  });
  let published = ctx.detail ? latestVersion(ctx.detail)?.version ?? null : null;
  guardUnsavedEdits(panel, ctx, () => editor.definition);

  const save = h('button', { type: 'button', class: 'secondary', testid: 'save-draft' }, 'Save draft');
  const publish = h('button', { type: 'button', class: 'primary', testid: 'publish' }, 'Publish');
  const saveStatus = h('span', { class: 'muted', testid: 'save-status', 'aria-live': 'polite' });
  const publishResult = h('p', { class: 'success', testid: 'publish-result', 'aria-live': 'polite', hidden: true });
  const error = errorText('edit-error');
  showMessage(error, problems.length > 0 ? problems.join(' ') : null);

  const fromQuery = ctx.query.get('published');
  if (ctx.query.get('saved') !== null) saveStatus.textContent = 'Draft saved.';
  if (fromQuery !== null) showMessage(publishResult, `Published version ${fromQuery}.`);

  const saveDraft = async (): Promise<string | null> => {
    showMessage(error, null);
    const d = editor.definition;
    if (editor.jsonIsBroken) {
      showMessage(error, 'The JSON does not parse; fix it before saving.');
      return null;
    }
    const slug = typeof d.slug === 'string' ? d.slug : '';
    if (!SLUG.test(slug)) {
      showMessage(error, 'Give the experiment a slug first: lower-case letters, digits and dashes (2–63).');
      return null;
    }
    const saved = await ctx.api.put<SavedDraft>(`/api/experiments/${seg(slug)}/draft`, d);
    panel.dataset.savedDefinition = JSON.stringify(d);
    editor.showErrors(saved.errors ?? []);
    const problems = saved.errors?.length ?? 0;
    saveStatus.textContent = `Draft saved ${dateTime(saved.updatedAt)}` +
      (problems > 0 ? ` with ${problems} problem(s); fix them before publishing.` : '.');
    if (typeof d.title === 'string') ctx.header.setTitle(d.title);
    return slug;
  };

  save.addEventListener('click', () => void whileBusy(save, 'Saving…', async () => {
    try {
      const slug = await saveDraft();
      if (slug !== null && isNew) ctx.navigate(`/console/experiments/${seg(slug)}/edit?saved=1`, { replace: true });
    } catch (e) {
      refused(e);
    }
  }));

  publish.addEventListener('click', () => void whileBusy(publish, 'Publishing…', async () => {
    showMessage(publishResult, null);
    try {
      const slug = await saveDraft();
      if (slug === null) return;
      const answer = await ctx.api.post<Published>(`/api/experiments/${seg(slug)}/publish`);
      if (isNew) {
        ctx.navigate(`/console/experiments/${seg(slug)}/edit?published=${answer.version}`, { replace: true });
        return;
      }
      const unchanged = answer.created === false || (answer.created === undefined && answer.version === published);
      showMessage(publishResult, unchanged
        ? `Version ${answer.version} is already the latest; nothing changed.`
        : `Published version ${answer.version}.`);
      published = answer.version;
      publishResult.dataset.version = String(answer.version);
      ctx.header.setVersion(answer.version);
    } catch (e) {
      refused(e);
    }
  }));

  /** A refusal naming a field shows beside that field too. */
  function refused(e: unknown): void {
    showMessage(error, describeError(e));
    if (e instanceof ApiError && e.field !== null) editor.showErrors([{ field: e.field, message: e.message }]);
  }

  replace(panel,
    h('p', { class: 'muted', testid: 'edit-source' }, editingWhat(ctx)),
    h('div', { class: 'actions' }, save, publish, saveStatus),
    publishResult, error,
    editor.element,
    versionsList(ctx));
  void editor.validateNow();
}

/**
 * Warns before edits are lost (issue 14): the browser asks before the page is closed or
 * reloaded, and following a console link away from the editor asks first, while the definition
 * differs from the one last saved (kept on the panel by the save).
 */
function guardUnsavedEdits(panel: HTMLElement, ctx: ExperimentContext, current: () => unknown): void {
  panel.dataset.savedDefinition = JSON.stringify(current());
  const unsaved = (): boolean => panel.isConnected && JSON.stringify(current()) !== panel.dataset.savedDefinition;
  const view = panel.ownerDocument.defaultView;
  if (view === null) return;
  const beforeUnload = (e: BeforeUnloadEvent): void => {
    if (!unsaved()) return;
    e.preventDefault();
    e.returnValue = '';
  };
  // Capturing, so it runs before the router turns the link into an in-page navigation.
  const linkClick = (e: MouseEvent): void => {
    const link = (e.target as Element | null)?.closest?.('a');
    if (!link || panel.contains(link) || !unsaved()) return;
    if (!view.confirm('You have unsaved edits. Leave without saving them?')) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  view.addEventListener('beforeunload', beforeUnload);
  view.document.addEventListener('click', linkClick, true);
  ctx.signal.addEventListener('abort', () => {
    view.removeEventListener('beforeunload', beforeUnload);
    view.document.removeEventListener('click', linkClick, true);
  }, { once: true });
}

/** Fashion-MNIST when the server has it (the template is made for it), else the first set. */
function defaultSet(sets: StimulusSet[]): StimulusSet | null {
  return sets.find((s) => s.name === 'fashion-mnist') ?? sets[0] ?? null;
}

function editingWhat(ctx: ExperimentContext): string {
  const detail = ctx.detail;
  if (detail === null) return 'A new experiment, started from a masked template. Save it as a draft, then publish.';
  if (detail.draft) return `Editing the draft saved ${dateTime(detail.draft.updatedAt)}.`;
  const latest = latestVersion(detail);
  return latest ? `Editing a copy of version ${latest.version}; saving makes a draft.` : 'Editing a new draft.';
}

function versionsList(ctx: ExperimentContext): HTMLElement | null {
  const versions = ctx.detail?.versions ?? [];
  if (versions.length === 0) return null;
  return h('section', { class: 'versions' },
    h('h2', null, 'Published versions'),
    h('ul', { testid: 'versions-list' }, [...versions].sort((a, b) => b.version - a.version).map((v) =>
      h('li', { testid: `version-${v.version}` }, `Version ${v.version}, ${dateTime(v.createdAt)}`))));
}
