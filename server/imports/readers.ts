/**
 * Reading uploaded files row by row with bounded memory: CSV (any delimiter, BOM, UTF-8/16,
 * Windows-1250/1251, ISO-8859-7), XLSX (streamed, one sheet) and vCard 3.0/4.0 (one card = one
 * row with fixed columns). Every reader yields rows in the same order on every run, so an import
 * can skip the rows its checkpoint says are done and continue after a crash.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { inflateRawSync } from 'node:zlib';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export const FORMATS = ['csv', 'xlsx', 'vcf'] as const;
export type FileFormat = (typeof FORMATS)[number];

export const ENCODINGS = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'windows-1250',
  'windows-1251',
  'iso-8859-7',
] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface ReadSettings {
  encoding: Encoding;
  delimiter: string;
  sheet: string | null;
}

export interface SourceRow {
  /** 0-based index among data rows (the checkpoint counts these). */
  index: number;
  /** Line (CSV), row (XLSX) or card start line (vCard) in the file, 1-based. */
  line: number;
  values: string[];
  /** Set when the row cannot be read at all (unterminated quote, oversized record). */
  problem?: string;
}

/** A file that is not what its name says, or cannot be read at all. */
export class UnreadableFile extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const MAX_RECORD_BYTES = 1 << 20;
const MAX_CELL = 32_767;

export function formatOf(fileName: string, head: Buffer): FileFormat {
  if (head[0] === 0x50 && head[1] === 0x4b) return 'xlsx';
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.vcf') || lower.endsWith('.vcard')) return 'vcf';
  const text = head.toString('latin1', 0, 200).replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  if (/^\s*BEGIN:VCARD/i.test(text)) return 'vcf';
  return 'csv';
}

/** Frequent letters of the languages each single-byte code page serves. */
const COMMON: Record<'windows-1250' | 'windows-1251' | 'iso-8859-7', RegExp> = {
  'windows-1250': /[čćžšđČĆŽŠĐäöüßéáíóúýěřůľĺňťŕőű]/gu,
  'windows-1251': /[оаеинтсрвлкмдпуяызгбчйхжшюцщэфёђјљњћџѓќѕ]/giu,
  'iso-8859-7': /[αεοιτνσςρηκπμλυωδγχθφβζξψάέήίόύώ]/giu,
};

/** Encoding from the BOM, else UTF-8 when the bytes are valid UTF-8, else the best code page. */
export function detectEncoding(sample: Buffer): Encoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  // UTF-16 without a BOM: every other byte is zero in Latin text.
  let evenZeros = 0;
  let oddZeros = 0;
  const probe = Math.min(sample.length, 2000);
  for (let i = 0; i < probe; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2) oddZeros++;
    else evenZeros++;
  }
  if (oddZeros > probe / 4 && evenZeros < probe / 50) return 'utf-16le';
  if (evenZeros > probe / 4 && oddZeros < probe / 50) return 'utf-16be';
  // Cut a possibly split multi-byte character at the end of the sample.
  let end = sample.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = sample[end - back];
    if (byte === undefined) break;
    if ((byte & 0xc0) === 0xc0) {
      end -= back;
      break;
    }
    if ((byte & 0x80) === 0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return 'utf-8';
  } catch {
    // not UTF-8: pick the code page whose decoding yields the most frequent letters
  }
  let best: Encoding = 'windows-1250';
  let bestScore = -1;
  for (const encoding of ['windows-1250', 'windows-1251', 'iso-8859-7'] as const) {
    const text = iconv.decode(sample, encoding);
    const score = text.match(COMMON[encoding])?.length ?? 0;
    if (score > bestScore) {
      best = encoding;
      bestScore = score;
    }
  }
  return best;
}

/** The delimiter that splits the first lines into the same, largest number of fields. */
export function detectDelimiter(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, 20);
  let best = ',';
  let bestScore = 0;
  for (const delimiter of [',', ';', '\t', '|']) {
    const counts = lines.map((line) => {
      let count = 0;
      let quoted = false;
      for (const ch of line) {
        if (ch === '"') quoted = !quoted;
        else if (ch === delimiter && !quoted) count++;
      }
      return count;
    });
    const first = counts[0];
    if (first === undefined) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = first * consistent;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

export async function readHead(filePath: string, bytes = 64 * 1024): Promise<Buffer> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Binary garbage: NUL bytes in a file that is not UTF-16, or mostly control characters. */
export function looksBinary(sample: Buffer, encoding: Encoding): boolean {
  if (encoding.startsWith('utf-16')) return false;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return sample.length > 0 && control / sample.length > 0.05;
}

interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

/** The entries of a zip file's central directory (the reliable index at its end). */
async function zipEntries(filePath: string, fileSize: number): Promise<ZipEntry[]> {
  const handle = await open(filePath, 'r');
  try {
    const tailSize = Math.min(fileSize, 65_557);
    const tail = Buffer.alloc(tailSize);
    await handle.read(tail, 0, tailSize, fileSize - tailSize);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new UnreadableFile('imports:errors.bad_xlsx');
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset + cdSize > fileSize || cdSize > 16 << 20)
      throw new UnreadableFile('imports:errors.bad_xlsx');
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    const entries: ZipEntry[] = [];
    let offset = 0;
    for (let i = 0; i < count; i++) {
      if (offset + 46 > cdSize || cd.readUInt32LE(offset) !== 0x02014b50)
        throw new UnreadableFile('imports:errors.bad_xlsx');
      const nameLength = cd.readUInt16LE(offset + 28);
      entries.push({
        name: cd.toString('utf8', offset + 46, offset + 46 + nameLength),
        method: cd.readUInt16LE(offset + 10),
        compressed: cd.readUInt32LE(offset + 20),
        uncompressed: cd.readUInt32LE(offset + 24),
        localOffset: cd.readUInt32LE(offset + 42),
      });
      offset += 46 + nameLength + cd.readUInt16LE(offset + 30) + cd.readUInt16LE(offset + 32);
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/**
 * Refuses zip bombs before decompressing anything: the central directory states each entry's
 * uncompressed size; more than `maxTotal` bytes in total, or a ratio above 200, is refused.
 */
export async function checkZip(filePath: string, fileSize: number, maxTotal = 1 << 30) {
  let total = 0;
  for (const entry of await zipEntries(filePath, fileSize)) {
    if (entry.uncompressed === 0xffffffff || entry.compressed === 0xffffffff)
      throw new UnreadableFile('imports:errors.zip_bomb');
    if (entry.uncompressed > 10 << 20 && entry.uncompressed / Math.max(entry.compressed, 1) > 200)
      throw new UnreadableFile('imports:errors.zip_bomb');
    total += entry.uncompressed;
  }
  if (total > maxTotal) throw new UnreadableFile('imports:errors.zip_bomb');
}

/** One small entry of a zip file (stored or deflated), or null when it is not there. */
async function zipEntryText(filePath: string, name: string): Promise<string | null> {
  const { size } = await stat(filePath);
  const entry = (await zipEntries(filePath, size)).find((e) => e.name === name);
  if (!entry || entry.compressed > 16 << 20) return null;
  const handle = await open(filePath, 'r');
  try {
    const header = Buffer.alloc(30);
    await handle.read(header, 0, 30, entry.localOffset);
    if (header.readUInt32LE(0) !== 0x04034b50) throw new UnreadableFile('imports:errors.bad_xlsx');
    const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const data = Buffer.alloc(entry.compressed);
    await handle.read(data, 0, entry.compressed, start);
    if (entry.method === 0) return data.toString('utf8');
    if (entry.method === 8) return inflateRawSync(data).toString('utf8');
    throw new UnreadableFile('imports:errors.bad_xlsx');
  } finally {
    await handle.close();
  }
}

const xmlAttributes = (tag: string) =>
  new Map(
    [...tag.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [
      m[1] as string,
      (m[2] as string)
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&quot;', '"')
        .replaceAll('&apos;', "'")
        .replaceAll('&amp;', '&'),
    ]),
  );

/** What `xl/workbook.xml` and its relationships say about the sheets, in workbook order. */
export interface WorkbookSheets {
  sheets: { id: number; name: string; state: string; rId: string }[];
  rels: { Id: string; Target: string }[];
}

/**
 * The sheets of an XLSX file read from its own index. The streaming reader of exceljs names a
 * worksheet only if `xl/workbook.xml` was parsed first, and writers (Excel, exceljs) store it
 * last; its stream sometimes ends before that entry (exceljs#3064), which left imports reading
 * no sheet at all. Reading the names here and handing them to the reader makes them reliable.
 */
export async function workbookSheets(filePath: string): Promise<WorkbookSheets> {
  const workbook = await zipEntryText(filePath, 'xl/workbook.xml');
  const rels = await zipEntryText(filePath, 'xl/_rels/workbook.xml.rels');
  if (workbook === null || rels === null) throw new UnreadableFile('imports:errors.bad_xlsx');
  return {
    sheets: [...workbook.matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)].map((m) => {
      const a = xmlAttributes(m[0]);
      const rId = [...a.entries()].find(([k]) => k === 'id' || k.endsWith(':id'))?.[1] ?? '';
      return {
        id: Number(a.get('sheetId') ?? 0),
        name: a.get('name') ?? '',
        state: a.get('state') ?? 'visible',
        rId,
      };
    }),
    rels: [...rels.matchAll(/<(?:\w+:)?Relationship\s[^>]*>/g)].map((m) => {
      const a = xmlAttributes(m[0]);
      return { Id: a.get('Id') ?? '', Target: (a.get('Target') ?? '').replace(/^\/?xl\//, '') };
    }),
  };
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    const v = value as {
      richText?: { text: string }[];
      text?: unknown;
      result?: unknown;
      hyperlink?: string;
      error?: string;
    };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.hyperlink) return v.hyperlink;
    if (v.error) return '';
  }
  return '';
}

function clip(values: string[]): string[] {
  return values.map((v) => (v.length > MAX_CELL ? v.slice(0, MAX_CELL) : v));
}

/** Rows of a CSV file; the first record is the header row (index -1). */
async function* csvRows(filePath: string, settings: ReadSettings): AsyncGenerator<SourceRow> {
  const parser = createReadStream(filePath)
    .pipe(iconv.decodeStream(settings.encoding))
    .pipe(
      parse({
        delimiter: settings.delimiter,
        relax_column_count: true,
        relax_quotes: true,
        max_record_size: MAX_RECORD_BYTES,
        bom: true,
        info: true,
      }),
    );
  let index = -1;
  // Line numbers are counted here (a quoted CRLF is one line), not taken from the parser.
  let nextLine = 1;
  try {
    for await (const item of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = nextLine;
      nextLine += 1;
      for (const value of item.record) nextLine += value.match(/\r\n|\r|\n/g)?.length ?? 0;
      if (item.record.every((v) => v.trim() === '')) continue;
      yield { index: index++, line, values: clip(item.record) };
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (index < 0 && !code) throw error;
    yield {
      index: index,
      line: nextLine,
      values: [],
      problem:
        code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'imports:errors.unterminated_quote'
          : code === 'CSV_MAX_RECORD_SIZE'
            ? 'imports:errors.record_too_large'
            : 'imports:errors.unreadable_row',
    };
  }
}

async function* xlsxRows(filePath: string, settings: ReadSettings): AsyncGenerator<SourceRow> {
  const known = await workbookSheets(filePath);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles tell dates from numbers.
    styles: 'cache',
  });
  // The sheet names, whatever order the zip stores its parts in (see workbookSheets).
  Object.assign(reader, { model: { sheets: known.sheets }, workbookRels: known.rels });
  let first = true;
  for await (const sheet of reader) {
    const name = (sheet as unknown as { name: string }).name;
    const chosen = settings.sheet ? name === settings.sheet : first;
    first = false;
    if (!chosen) {
      for await (const _row of sheet) {
        // skip the rows: the reader only moves on once a sheet is consumed
      }
      continue;
    }
    let index = -1;
    for await (const row of sheet) {
      const raw = (row.values as unknown[]).slice(1);
      const values = clip(raw.map(cellText));
      if (values.every((v) => v.trim() === '')) continue;
      yield { index: index++, line: row.number, values };
    }
    return;
  }
}

/** XLSX sheet names, in workbook order. */
export async function xlsxSheets(filePath: string): Promise<string[]> {
  return (await workbookSheets(filePath)).sheets.map((sheet) => sheet.name);
}

export const VCARD_COLUMNS = [
  'FN',
  'N.given',
  'N.family',
  'ORG',
  'TITLE',
  'EMAIL',
  'EMAIL 2',
  'EMAIL 3',
  'TEL',
  'TEL 2',
  'TEL 3',
  'ADR.street',
  'ADR.city',
  'ADR.postal',
  'ADR.country',
  'BDAY',
  'NOTE',
  'UID',
  'CATEGORIES',
  'URL',
] as const;

function unescapeVcard(value: string): string {
  return value.replace(/\\([nN,;\\])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function splitUnescaped(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    if (ch === '\\' && i + 1 < value.length) {
      current += ch + value.charAt(i + 1);
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map(unescapeVcard);
}

/** One vCard (its unfolded content lines) → values in VCARD_COLUMNS order. */
export function vcardValues(lines: string[]): string[] {
  const out = new Map<string, string>();
  const emails: string[] = [];
  const phones: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const head = line.slice(0, colon);
    const value = line.slice(colon + 1);
    const [nameWithGroup] = head.split(';');
    const name = (nameWithGroup ?? '').replace(/^.*\./, '').toUpperCase();
    switch (name) {
      case 'FN':
        out.set('FN', unescapeVcard(value));
        break;
      case 'N': {
        const [family = '', given = ''] = splitUnescaped(value, ';');
        out.set('N.family', family);
        out.set('N.given', given);
        break;
      }
      case 'ORG':
        out.set('ORG', splitUnescaped(value, ';')[0] ?? '');
        break;
      case 'TITLE':
      case 'NOTE':
      case 'UID':
      case 'URL':
        out.set(name, unescapeVcard(value));
        break;
      case 'CATEGORIES':
        out.set('CATEGORIES', splitUnescaped(value, ',').join(', '));
        break;
      case 'BDAY':
        out.set('BDAY', value.trim());
        break;
      case 'EMAIL':
        emails.push(unescapeVcard(value).replace(/^mailto:/i, ''));
        break;
      case 'TEL':
        phones.push(unescapeVcard(value).replace(/^tel:/i, ''));
        break;
      case 'ADR': {
        const [, , street = '', city = '', , postal = '', country = ''] = splitUnescaped(
          value,
          ';',
        );
        out.set('ADR.street', street);
        out.set('ADR.city', city);
        out.set('ADR.postal', postal);
        out.set('ADR.country', country);
        break;
      }
    }
  }
  emails.slice(0, 3).forEach((e, i) => out.set(i ? `EMAIL ${i + 1}` : 'EMAIL', e));
  phones.slice(0, 3).forEach((p, i) => out.set(i ? `TEL ${i + 1}` : 'TEL', p));
  return clip(VCARD_COLUMNS.map((c) => out.get(c) ?? ''));
}

async function* vcardRows(filePath: string, settings: ReadSettings): AsyncGenerator<SourceRow> {
  const lines = createInterface({
    input: createReadStream(filePath).pipe(iconv.decodeStream(settings.encoding)),
    crlfDelay: Infinity,
  });
  let index = 0;
  let lineNo = 0;
  let card: string[] | null = null;
  let start = 0;
  for await (const rawLine of lines) {
    lineNo++;
    const line = lineNo === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
    if (card && /^[ \t]/.test(line) && card.length) {
      const last = card.length - 1;
      card[last] = (card[last] ?? '') + line.slice(1);
      continue;
    }
    if (/^BEGIN:VCARD/i.test(line)) {
      card = [];
      start = lineNo;
    } else if (/^END:VCARD/i.test(line)) {
      if (card) yield { index: index++, line: start, values: vcardValues(card) };
      card = null;
    } else if (card) {
      if (card.length > 500) {
        yield {
          index: index++,
          line: start,
          values: [],
          problem: 'imports:errors.record_too_large',
        };
        card = null;
      } else card.push(line);
    }
  }
  if (card) yield { index, line: start, values: [], problem: 'imports:errors.unterminated_card' };
}

/**
 * The data rows of a file; the header row (CSV/XLSX) comes first with index -1. vCard has no
 * header row: its columns are `VCARD_COLUMNS`.
 */
export function readRows(
  filePath: string,
  format: FileFormat,
  settings: ReadSettings,
): AsyncGenerator<SourceRow> {
  switch (format) {
    case 'csv':
      return csvRows(filePath, settings);
    case 'xlsx':
      return xlsxRows(filePath, settings);
    case 'vcf':
      return vcardRows(filePath, settings);
  }
}

export interface FileShape {
  settings: ReadSettings;
  headers: string[];
  preview: string[][];
  sheets: string[];
}

/** Detects settings (unless given) and reads the header row and the first rows. */
export async function inspectFile(
  filePath: string,
  fileSize: number,
  format: FileFormat,
  given: Partial<ReadSettings> = {},
  previewRows = 10,
): Promise<FileShape> {
  const head = await readHead(filePath);
  if (fileSize === 0) throw new UnreadableFile('imports:errors.empty_file');
  let settings: ReadSettings;
  let sheets: string[] = [];
  if (format === 'xlsx') {
    await checkZip(filePath, fileSize);
    try {
      sheets = await xlsxSheets(filePath);
    } catch {
      throw new UnreadableFile('imports:errors.bad_xlsx');
    }
    if (given.sheet && !sheets.includes(given.sheet))
      throw new UnreadableFile('imports:errors.unknown_sheet');
    settings = { encoding: 'utf-8', delimiter: ',', sheet: given.sheet ?? sheets[0] ?? null };
  } else {
    const encoding = given.encoding ?? detectEncoding(head);
    if (looksBinary(head, encoding)) throw new UnreadableFile('imports:errors.binary_file');
    const text = iconv.decode(head, encoding);
    settings = { encoding, delimiter: given.delimiter ?? detectDelimiter(text), sheet: null };
  }
  const rows: string[][] = [];
  let headers: string[] = format === 'vcf' ? [...VCARD_COLUMNS] : [];
  let gotHeader = format === 'vcf';
  try {
    for await (const row of readRows(filePath, format, settings)) {
      if (row.problem) break;
      if (!gotHeader) {
        headers = row.values.map((h) => h.trim());
        gotHeader = true;
        continue;
      }
      rows.push(row.values);
      if (rows.length >= previewRows) break;
    }
  } catch (error) {
    if (error instanceof UnreadableFile) throw error;
    throw new UnreadableFile(
      format === 'xlsx' ? 'imports:errors.bad_xlsx' : 'imports:errors.unreadable_file',
    );
  }
  if (!gotHeader || headers.every((h) => !h)) throw new UnreadableFile('imports:errors.empty_file');
  const width = Math.max(headers.length, ...rows.map((r) => r.length));
  while (headers.length < width) headers.push('');
  return { settings, headers, preview: rows, sheets };
}
