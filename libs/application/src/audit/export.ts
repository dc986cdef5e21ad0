import type { Checkpoint } from '@kinerja/event-store';
import type { TimelineRow } from '@kinerja/projections';

/** The formats an export is written in. */
export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The columns of a timeline export, in order (the CSV header). */
export const TIMELINE_COLUMNS = [
  'recordedAt',
  'eventId',
  'type',
  'streamId',
  'streamType',
  'streamPosition',
  'transactionId',
  'globalPosition',
  'actor',
  'role',
  'reason',
  'policyVersion',
  'correlationId',
  'nip',
  'opdId',
] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled.
 * A cell a spreadsheet would take for a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return) is prefixed with `'`, so opening the file runs nothing (OWASP "CSV injection").
 */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const flat = (r: TimelineRow) => ({
  recordedAt: r.recordedAt,
  eventId: r.eventId,
  type: r.type,
  streamId: r.streamId,
  streamType: r.streamType,
  streamPosition: r.streamPosition,
  transactionId: r.checkpoint.transactionId,
  globalPosition: r.checkpoint.globalPosition,
  actor: r.actor,
  role: r.role,
  reason: r.reason,
  policyVersion: r.policyVersion,
  correlationId: r.correlationId,
  nip: r.nip,
  opdId: r.opdId,
});

/**
 * A seal as an export names it: enough to find its file (`kinerja audit export-seal <seal>`) and to
 * check that the events it covers are the sealed ones (`kinerja audit verify --seal`).
 */
export interface ExportSeal {
  seal: number;
  sealedAt: string;
  cut: string;
  root: string;
}

/**
 * The last seal whose cut the head reaches: every event below that cut was final when the seal was
 * made and is at or before the head (ordering ids never decrease along the log), so the export holds
 * all of the sealed events its filter selects. Null when no seal is that old.
 */
export function sealConsistentWith(seals: readonly ExportSeal[], head: Checkpoint | null): ExportSeal | null {
  if (!head) return null;
  const reach = BigInt(head.transactionId);
  let found: ExportSeal | null = null;
  for (const s of seals) if (BigInt(s.cut) <= reach && (!found || s.seal > found.seal)) found = s;
  return found;
}

const sealLabel = (s: ExportSeal | null) => (s ? `seal ${s.seal} (sealed ${s.sealedAt}, cut ${s.cut}, root ${s.root})` : 'seal none');

/** What an export says of itself first: what it holds and what it is consistent with. */
export interface ExportHeader {
  export: 'audit-timeline' | 'appraisal-ledger' | 'pay-ledger';
  format: ExportFormat;
  filter: object;
  /**
   * The timeline: the last event of the log the export can hold (every event of the filter up to it
   * is in it, none after). A ledger: the last event its projection had applied in the export's snapshot.
   */
  logHead: Checkpoint | null;
  /** How many rows follow (events of the timeline, rows of a ledger). */
  events: number;
  /** The last seal the export is consistent with (every event below its cut is within the log head); null before the first. */
  seal: ExportSeal | null;
  generatedAt: string;
}

const TITLE: Record<ExportHeader['export'], string> = {
  'audit-timeline': 'kinerja audit timeline export',
  'appraisal-ledger': 'kinerja appraisal ledger export',
  'pay-ledger': 'kinerja pay ledger export',
};

/**
 * The lines of an export, one chunk per batch: JSON Lines (a header object, then one row per line)
 * or CSV (a first row naming the log head and the seal, the header row, one row per line). Pulled
 * batch by batch, so memory holds one batch whatever the export's size.
 */
export async function* exportChunks<R>(
  header: ExportHeader,
  columns: readonly string[],
  recordOf: (row: R) => Readonly<Record<string, string | number | null>>,
  batches: AsyncIterable<R[]>,
  onProgress?: (done: number) => void,
): AsyncGenerator<string, void, undefined> {
  if (header.format === 'jsonl') yield `${JSON.stringify(header)}\n`;
  else {
    const head = header.logHead ? `${header.logHead.transactionId}.${header.logHead.globalPosition}` : 'none (empty log)';
    const unit = header.export === 'audit-timeline' ? 'events' : 'rows';
    yield `${csvCell(`# ${TITLE[header.export]}: consistent with log head ${head}; ${header.events} ${unit}; ${sealLabel(header.seal)}; generated ${header.generatedAt}; filter ${JSON.stringify(header.filter)}`)}\n`;
    yield `${columns.join(',')}\n`;
  }
  let done = 0;
  for await (const batch of batches) {
    const lines =
      header.format === 'jsonl'
        ? batch.map((r) => JSON.stringify(recordOf(r)))
        : batch.map((r) => {
            const f = recordOf(r);
            return columns.map((c) => csvCell(f[c])).join(',');
          });
    done += batch.length;
    if (lines.length) yield `${lines.join('\n')}\n`;
    onProgress?.(done);
  }
}

/** The timeline's export: its rows flattened to the columns of TIMELINE_COLUMNS. */
export function timelineExportChunks(
  header: ExportHeader,
  batches: AsyncIterable<TimelineRow[]>,
  onProgress?: (done: number) => void,
): AsyncGenerator<string, void, undefined> {
  return exportChunks(header, TIMELINE_COLUMNS, flat, batches, onProgress);
}
