/**
 * A store-only ZIP writer (PKWARE APPNOTE 6.3, sections 4.3.7, 4.3.12, 4.3.16), so a folder the
 * experimenter picks can be sent as the one application/zip body the server accepts. Images are
 * already compressed, so storing costs little and keeps this small. No ZIP64: at most 65,535
 * files and 4 GiB, far beyond the server's upload limit.
 */

export interface ZipEntry {
  /** Path inside the archive with '/' separators, e.g. `Bag/0001.png`; stored as UTF-8. */
  path: string;
  data: Blob | Uint8Array<ArrayBuffer>;
  /** Stored as the entry's DOS date and time; 1980-01-01 when absent. */
  modified?: Date;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION = 20; // 2.0: the lowest version that knows folders; enough for stored entries
const UTF8_NAMES = 0x0800; // general purpose flag bit 11: names are UTF-8
const STORED = 0;
const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;

/**
 * The archive as a Blob whose parts are the headers and the entries' own Blobs, so a large
 * folder is never copied into one buffer; each file is read once, for its CRC-32.
 */
export async function zip(entries: ZipEntry[], onEntry?: (done: number, total: number) => void): Promise<Blob> {
  if (entries.length > MAX_ENTRIES) throw new Error(`a zip without ZIP64 holds at most ${MAX_ENTRIES} files, got ${entries.length}`);
  const encoder = new TextEncoder();
  const seen = new Set<string>();
  const parts: (Blob | Uint8Array<ArrayBuffer>)[] = [];
  const central: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (seen.has(entry.path)) throw new Error(`${entry.path} is in the archive twice`);
    seen.add(entry.path);
    const name = encoder.encode(entry.path);
    const bytes = entry.data instanceof Uint8Array ? entry.data : new Uint8Array(await entry.data.arrayBuffer());
    const header: FileHeader = { name, crc: crc32(bytes), size: bytes.length, ...dosDateTime(entry.modified) };
    const local = localHeader(header);
    parts.push(local, entry.data instanceof Uint8Array ? bytes : entry.data);
    central.push(centralHeader(header, offset));
    offset += local.length + bytes.length;
    if (offset > MAX_OFFSET) throw new Error('the files add up to more than 4 GiB; too large for one upload');
    onEntry?.(central.length, entries.length);
  }
  const centralSize = central.reduce((n, c) => n + c.length, 0);
  parts.push(...central, endOfCentralDirectory(entries.length, centralSize, offset));
  return new Blob(parts, { type: 'application/zip' });
}

interface FileHeader {
  name: Uint8Array;
  crc: number;
  size: number;
  time: number;
  date: number;
}

/** Section 4.3.7: signature, versions, flags, method, time, date, CRC, sizes, name. */
function localHeader(f: FileHeader): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(30 + f.name.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, LOCAL_HEADER, true);
  v.setUint16(4, VERSION, true);
  v.setUint16(6, UTF8_NAMES, true);
  v.setUint16(8, STORED, true);
  v.setUint16(10, f.time, true);
  v.setUint16(12, f.date, true);
  v.setUint32(14, f.crc, true);
  v.setUint32(18, f.size, true); // compressed size: stored, so the same
  v.setUint32(22, f.size, true);
  v.setUint16(26, f.name.length, true);
  v.setUint16(28, 0, true); // no extra field
  out.set(f.name, 30);
  return out;
}

/** Section 4.3.12: the same facts again, plus where the local header starts. */
function centralHeader(f: FileHeader, localHeaderOffset: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(46 + f.name.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, CENTRAL_HEADER, true);
  v.setUint16(4, VERSION, true); // made by: MS-DOS attributes, version 2.0
  v.setUint16(6, VERSION, true);
  v.setUint16(8, UTF8_NAMES, true);
  v.setUint16(10, STORED, true);
  v.setUint16(12, f.time, true);
  v.setUint16(14, f.date, true);
  v.setUint32(16, f.crc, true);
  v.setUint32(20, f.size, true);
  v.setUint32(24, f.size, true);
  v.setUint16(28, f.name.length, true);
  // 30 extra length, 32 comment length, 34 disk, 36 internal and 38 external attributes: all 0
  v.setUint32(42, localHeaderOffset, true);
  out.set(f.name, 46);
  return out;
}

/** Section 4.3.16: one disk, the entry count, and the central directory's size and offset. */
function endOfCentralDirectory(count: number, centralSize: number, centralOffset: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(22);
  const v = new DataView(out.buffer);
  v.setUint32(0, END_OF_CENTRAL_DIRECTORY, true);
  v.setUint16(8, count, true);
  v.setUint16(10, count, true);
  v.setUint32(12, centralSize, true);
  v.setUint32(16, centralOffset, true);
  return out;
}

/** MS-DOS date and time (2-second resolution, local time, from 1980). */
function dosDateTime(d: Date | undefined): { time: number; date: number } {
  if (d === undefined || Number.isNaN(d.getTime()) || d.getFullYear() < 1980) return { time: 0, date: (1 << 5) | 1 };
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) as ZIP stores it. */
export function crc32(bytes: Uint8Array): number {
  const table = (crcTable ??= makeCrcTable());
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function makeCrcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}
