import ExcelJS from 'exceljs';
import { badInput } from '@kinerja/kernel';
import { MAX_BKN_ROWS, readCsvTable, type TableRow } from '@kinerja/domain/reconciliation';

// Reading an uploaded export into rows of cells: an .xlsx's first sheet (ExcelJS) or CSV text. The
// bytes come from outside: every way they can be wrong is a coded 400, never a crash.

/** The largest export file accepted (a Pemda of 20,000 ASN exports about 2 MB). */
export const MAX_BKN_FILE_BYTES = 10 * 1024 * 1024;
/** The most an .xlsx may unpack to: a zip bomb is refused before it is opened. */
const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

const isZip = (b: Buffer) => b.length >= 4 && b.readUInt32LE(0) === 0x04034b50;

export function unreadable(fileName: string, why: string) {
  return badInput('BKN_FILE_UNREADABLE', `${fileName} cannot be read: ${why}`, { fileName, why });
}

/**
 * The sum of the sizes an archive's entries unpack to, from its central directory; undefined when
 * the directory cannot be found (not a zip, or a broken one).
 */
function unzippedSize(b: Buffer): number | undefined {
  const from = Math.max(0, b.length - 22 - 65_535);
  for (let i = b.length - 22; i >= from; i--) {
    if (b.readUInt32LE(i) !== 0x06054b50) continue;
    const entries = b.readUInt16LE(i + 10);
    let at = b.readUInt32LE(i + 16);
    let total = 0;
    for (let n = 0; n < entries; n++) {
      if (at + 46 > b.length || b.readUInt32LE(at) !== 0x02014b50) return undefined;
      total += b.readUInt32LE(at + 24);
      at += 46 + b.readUInt16LE(at + 28) + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
    }
    return total;
  }
  return undefined;
}

async function readXlsx(bytes: Buffer, fileName: string): Promise<TableRow[]> {
  const size = unzippedSize(bytes);
  if (size === undefined) throw unreadable(fileName, 'not a valid .xlsx (zip) archive');
  if (size > MAX_UNZIPPED_BYTES) throw unreadable(fileName, `it unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw unreadable(fileName, `not a readable .xlsx workbook (${String((e as Error)?.message ?? e).slice(0, 120)})`);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw unreadable(fileName, 'the workbook has no sheet');
  if (sheet.rowCount > MAX_BKN_ROWS + 20)
    throw badInput('TOO_MANY_ROWS', `at most ${MAX_BKN_ROWS} rows per file`, { maxRows: MAX_BKN_ROWS });
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let c = 1; c <= Math.min(row.cellCount, 60); c++) cells.push(String(row.getCell(c).text ?? '').trim());
    if (cells.some((x) => x !== '')) rows.push({ line, cells });
  });
  if (!rows.length) throw badInput('EMPTY_FILE', 'the file is empty');
  return rows;
}

function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Excel on Windows saves "CSV" in the machine's code page.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The export's rows of cells: .xlsx by its bytes (a zip) or its name, otherwise CSV text. */
export async function readExportFile(bytes: Buffer, fileName: string): Promise<{ format: 'xlsx' | 'csv'; table: TableRow[] }> {
  if (!bytes.length) throw badInput('EMPTY_FILE', 'the file is empty');
  if (bytes.length > MAX_BKN_FILE_BYTES)
    throw badInput('BKN_FILE_TOO_LARGE', `an export file is at most ${MAX_BKN_FILE_BYTES / 1024 / 1024} MB`, {
      bytes: bytes.length,
      maxBytes: MAX_BKN_FILE_BYTES,
    });
  if (isZip(bytes) || /\.xlsx$/i.test(fileName)) return { format: 'xlsx', table: await readXlsx(bytes, fileName) };
  return { format: 'csv', table: readCsvTable(decodeText(bytes)) };
}
