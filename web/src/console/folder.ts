/**
 * Turns a folder picked with `<input type=file webkitdirectory>` into ZIP entries. Paths are
 * taken relative to the picked folder ("fashion/Bag/1.png" → "Bag/1.png"), so the archive has
 * the layout the server expects at its root: a manifest, or one folder per category (or a
 * model's model.json beside its SavedModel).
 */
import { zip, type ZipEntry } from './zip';

/** What a picked file offers; File has all of it. */
export interface PickedFile extends Blob {
  name: string;
  webkitRelativePath: string;
  lastModified: number;
}

export function folderEntries(files: ArrayLike<PickedFile>): ZipEntry[] {
  const entries: ZipEntry[] = [];
  for (const file of Array.from(files)) {
    const path = (file.webkitRelativePath || file.name).split('/');
    const inside = path.length > 1 ? path.slice(1) : path;
    // Hidden files (.DS_Store, .git/…) are the file manager's, not the experimenter's; the
    // server would refuse the whole upload over one that is not an image.
    if (inside.some((part) => part.startsWith('.'))) continue;
    entries.push({ path: inside.join('/'), data: file, modified: new Date(file.lastModified) });
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The picked folder as one store-only zip. */
export async function zipFolder(files: ArrayLike<PickedFile>, onFile?: (done: number, total: number) => void): Promise<Blob> {
  const entries = folderEntries(files);
  if (entries.length === 0) throw new Error('the folder holds no files');
  return zip(entries, onFile);
}
