import { describe, expect, it } from 'vitest';
import { folderEntries, zipFolder, type PickedFile } from '../../src/console/folder';
import { crc32, zip } from '../../src/console/zip';

const text = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s);

interface ParsedEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  size: number;
  localOffset: number;
  data: Uint8Array;
}

/** Reads an archive back the way an unzipper does: end record → central directory → local headers. */
function parseZip(bytes: Uint8Array): { entries: ParsedEntry[]; centralOffset: number; centralSize: number } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  expect(v.getUint32(end, true)).toBe(0x06054b50);
  const count = v.getUint16(end + 10, true);
  expect(v.getUint16(end + 8, true)).toBe(count);
  const centralSize = v.getUint32(end + 12, true);
  const centralOffset = v.getUint32(end + 16, true);
  expect(centralOffset + centralSize).toBe(end);
  const entries: ParsedEntry[] = [];
  let p = centralOffset;
  for (let i = 0; i < count; i++) {
    expect(v.getUint32(p, true)).toBe(0x02014b50);
    const nameLength = v.getUint16(p + 28, true);
    const extra = v.getUint16(p + 30, true);
    const comment = v.getUint16(p + 32, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    const crc = v.getUint32(p + 16, true);
    const size = v.getUint32(p + 24, true);
    expect(v.getUint32(p + 20, true)).toBe(size);
    const localOffset = v.getUint32(p + 42, true);
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    // The local header repeats the central one's facts.
    expect(v.getUint32(localOffset, true)).toBe(0x04034b50);
    expect(v.getUint16(localOffset + 6, true)).toBe(flags);
    expect(v.getUint16(localOffset + 8, true)).toBe(method);
    expect(v.getUint32(localOffset + 14, true)).toBe(crc);
    expect(v.getUint32(localOffset + 18, true)).toBe(size);
    expect(v.getUint32(localOffset + 22, true)).toBe(size);
    const localName = v.getUint16(localOffset + 26, true);
    const localExtra = v.getUint16(localOffset + 28, true);
    expect(localName).toBe(nameLength);
    const start = localOffset + 30 + localName + localExtra;
    entries.push({ name, flags, method, crc, size, localOffset, data: bytes.subarray(start, start + size) });
    p += 46 + nameLength + extra + comment;
  }
  expect(p).toBe(centralOffset + centralSize);
  return { entries, centralOffset, centralSize };
}

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

describe('CRC-32', () => {
  it('is the standard check value 0xCBF43926 for "123456789"', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
  });

  it('is 0 for no bytes', () => {
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('store-only zip writer', () => {
  it('writes entries an unzipper reads back byte for byte, with their CRC-32s and sizes', async () => {
    const files = [
      { path: 'manifest.json', data: text('{"name":"set"}') },
      { path: 'Bag/0001.png', data: new Uint8Array([137, 80, 78, 71, 0, 255]) },
      { path: 'empty.txt', data: new Uint8Array(0) },
    ];
    const parsed = parseZip(await bytesOf(await zip(files)));
    expect(parsed.entries.map((e) => e.name)).toEqual(['manifest.json', 'Bag/0001.png', 'empty.txt']);
    parsed.entries.forEach((entry, i) => {
      expect(entry.method).toBe(0);
      expect(Array.from(entry.data)).toEqual(Array.from(files[i]!.data));
      expect(entry.crc).toBe(crc32(files[i]!.data));
      expect(entry.size).toBe(files[i]!.data.length);
    });
  });

  it('places each local header right after the previous entry, and the central directory after the last', async () => {
    const files = [
      { path: 'a.txt', data: text('hello') },
      { path: 'b/c.txt', data: text('world!!') },
    ];
    const parsed = parseZip(await bytesOf(await zip(files)));
    expect(parsed.entries[0]!.localOffset).toBe(0);
    expect(parsed.entries[1]!.localOffset).toBe(30 + 'a.txt'.length + 5);
    expect(parsed.centralOffset).toBe(parsed.entries[1]!.localOffset + 30 + 'b/c.txt'.length + 7);
    expect(parsed.centralSize).toBe(46 + 'a.txt'.length + 46 + 'b/c.txt'.length);
  });

  it('marks names as UTF-8 and stores them so', async () => {
    const parsed = parseZip(await bytesOf(await zip([{ path: 'Größe/ß.png', data: text('x') }])));
    expect(parsed.entries[0]!.name).toBe('Größe/ß.png');
    expect(parsed.entries[0]!.flags & 0x0800).toBe(0x0800);
  });

  it('reads Blob entries (files) as well as byte arrays', async () => {
    const parsed = parseZip(await bytesOf(await zip([{ path: 'f.bin', data: new Blob([text('from a blob')]) }])));
    expect(new TextDecoder().decode(parsed.entries[0]!.data)).toBe('from a blob');
    expect(parsed.entries[0]!.crc).toBe(crc32(text('from a blob')));
  });

  it('writes an empty archive as just the end record', async () => {
    const bytes = await bytesOf(await zip([]));
    expect(bytes.length).toBe(22);
    expect(parseZip(bytes).entries).toEqual([]);
  });

  it('refuses the same path twice', async () => {
    await expect(zip([{ path: 'a', data: text('1') }, { path: 'a', data: text('2') }])).rejects.toThrow(/twice/);
  });
});

describe('a picked folder', () => {
  const picked = (relativePath: string, content: string): PickedFile =>
    Object.assign(new Blob([text(content)]), {
      name: relativePath.split('/').pop()!,
      webkitRelativePath: relativePath,
      lastModified: Date.UTC(2024, 5, 1),
    });

  it('is stored relative to the folder picked, sorted, without hidden files', () => {
    const entries = folderEntries([
      picked('fashion/Trouser/2.png', 'b'),
      picked('fashion/.DS_Store', 'junk'),
      picked('fashion/Bag/1.png', 'a'),
      picked('fashion/.git/config', 'junk'),
    ]);
    expect(entries.map((e) => e.path)).toEqual(['Bag/1.png', 'Trouser/2.png']);
  });

  it('becomes one zip holding every file', async () => {
    const blob = await zipFolder([picked('set/manifest.json', '{}'), picked('set/Bag/1.png', 'png')]);
    expect(blob.type).toBe('application/zip');
    const names = parseZip(await bytesOf(blob)).entries.map((e) => e.name);
    expect(names).toEqual(['Bag/1.png', 'manifest.json']);
  });

  it('with no files is refused before anything is sent', async () => {
    await expect(zipFolder([picked('set/.hidden', 'x')])).rejects.toThrow(/no files/);
  });
});
