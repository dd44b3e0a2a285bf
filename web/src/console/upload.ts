/**
 * The upload form of stimulus sets and models: a .zip file, or a folder packed into a
 * store-only zip in the browser, sent as application/zip with a progress bar. A refusal shows
 * the server's message, which names the offending file.
 */
import type { ConsoleApi } from './api';
import { describeError, ProgressBar, whileBusy } from './controls';
import { errorText, h, showMessage } from './dom';
import { byteSize } from './format';
import { zipFolder, type PickedFile } from './folder';

export interface UploadOptions<T> {
  api: ConsoleApi;
  /** Inputs shown before the file choice (a stimulus set's name and version). */
  fields?: HTMLElement[];
  /** The URL to POST to, or an error message when the fields are not filled in right. */
  target(): { url: string } | { error: string };
  /** What the upload becomes, in words: "stimulus set", "model". */
  noun: string;
  onUploaded(answer: T): string;
}

export function uploadForm<T>(options: UploadOptions<T>): HTMLFormElement {
  const file = h('input', { type: 'file', id: 'upload-file', accept: '.zip,application/zip', testid: 'upload-file' });
  const folder = h('input', { type: 'file', id: 'upload-folder', webkitdirectory: true, multiple: true, testid: 'upload-folder' });
  const choice = h('p', { class: 'muted', testid: 'upload-choice' }, 'Nothing chosen yet.');
  const submit = h('button', { type: 'submit', class: 'primary', testid: 'upload-submit' }, 'Upload');
  const progress = new ProgressBar('upload-progress');
  const result = h('p', { class: 'success', testid: 'upload-result', 'aria-live': 'polite', hidden: true });
  const error = errorText('upload-error');
  let chosen: 'file' | 'folder' | null = null;

  // One source at a time: choosing a zip forgets a folder chosen before, and the other way round.
  file.addEventListener('change', () => {
    chosen = file.files?.length ? 'file' : null;
    folder.value = '';
    const f = file.files?.[0];
    choice.textContent = f ? `Zip file ${f.name} (${byteSize(f.size)})` : 'Nothing chosen yet.';
  });
  folder.addEventListener('change', () => {
    const files = folder.files;
    chosen = files?.length ? 'folder' : null;
    file.value = '';
    if (!files?.length) {
      choice.textContent = 'Nothing chosen yet.';
      return;
    }
    const name = files[0]!.webkitRelativePath.split('/')[0] ?? '';
    const size = Array.from(files).reduce((n, f) => n + f.size, 0);
    choice.textContent = `Folder ${name}: ${files.length} files, ${byteSize(size)}`;
  });

  const form = h('form', { class: 'upload' },
    options.fields ?? [],
    h('div', { class: 'field' }, h('label', { for: 'upload-file' }, 'A .zip file'), file),
    h('div', { class: 'field' }, h('label', { for: 'upload-folder' }, 'or a folder'), folder),
    choice, h('div', { class: 'actions' }, submit), progress.element, result, error);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    showMessage(error, null);
    showMessage(result, null);
    const target = options.target();
    if ('error' in target) {
      showMessage(error, target.error);
      return;
    }
    if (chosen === null) {
      showMessage(error, 'Choose a .zip file or a folder first.');
      return;
    }
    const source = chosen;
    void whileBusy(submit, 'Uploading…', async () => {
      try {
        const body = source === 'file' ? file.files![0]! : await pack(folder.files!, progress);
        progress.set(0, body.size, `Uploading 0 of ${byteSize(body.size)}`);
        const answer = await options.api.upload<T>(target.url, body, 'application/zip', (sent, total) => {
          progress.set(sent, total, sent < total
            ? `Uploading ${byteSize(sent)} of ${byteSize(total)} (${Math.floor((sent / total) * 100)} %)`
            : `Uploaded ${byteSize(total)}; the server is checking every file…`);
        });
        progress.hide();
        showMessage(result, options.onUploaded(answer));
        form.reset();
        chosen = null;
        choice.textContent = 'Nothing chosen yet.';
      } catch (err) {
        progress.hide();
        showMessage(error, `The ${options.noun} was not imported: ${describeError(err)}`);
      }
    });
  });
  return form;
}

async function pack(files: FileList, progress: ProgressBar): Promise<Blob> {
  const picked = Array.from(files) as PickedFile[];
  return zipFolder(picked, (done, total) => progress.set(done, total, `Packing ${done} of ${total} files`));
}
