import { Command, Query } from '@nestjs/cqrs';
import { type Actor, KinerjaError } from '@kinerja/kernel';
import type { Month } from '@kinerja/domain/shared';
import type { PinChanges, PinEntry, Scan, ScanLineError } from '@kinerja/domain/attendance';
import type { DeviceRow, ScanImportRow } from '@kinerja/projections';
import type { RequestContext } from '../people/service';

// The attendance machines' commands and queries (issue 16, item 2): a device's PIN-to-NIP map and a
// month's scan log, as the API and the CLI send them.

/** The largest scan file taken in one upload (a month of an OPD of 10,000 is about 20 MB). */
export const SCAN_FILE_MAX_BYTES = 64 * 1024 * 1024;

/** A scan file one byte over the limit (413): counted as it arrives, so an endless upload stops there. */
export function scanFileTooLarge(size: number, maxBytes: number): KinerjaError {
  return new KinerjaError('SCAN_FILE_TOO_LARGE', `a scan file is at most ${maxBytes} bytes`, 'TOO_LARGE', { size, maxBytes });
}

/** The content types a scan file may be uploaded as (the file itself, not JSON). */
export const SCAN_FILE_CONTENT_TYPES = ['text/plain', 'text/csv', 'application/octet-stream'] as const;

export interface DeviceAnswer {
  deviceId: string;
  opdId: string;
  dryRun: boolean;
  pins: number;
  changes: PinChanges;
  /** The OPD it belonged to before, when this moved it. */
  previousOpdId: string | null;
  streamId: string;
  /** The stream's version after the command (-1: the device is still not registered, a dry run). */
  version: number;
  /** Whether an event was recorded (false: the same map again, a dry run, or a retry). */
  recorded: boolean;
}

/**
 * Registers a device of an OPD with its PIN-to-NIP map, or replaces the map (the answer says what
 * changed). The map is a `pin,nip` CSV or the rows as JSON; a bad row, a NIP the register lacks or a
 * NIP twice is refused (PIN_MAP_HAS_ERRORS, every row named). `attendance.import` on the OPD (and on
 * the OPD it leaves, when it moves).
 */
export class SetAttendanceDevice extends Command<DeviceAnswer> {
  constructor(
    readonly deviceId: string,
    readonly input: { opdId: string; csv?: string; pins?: readonly PinEntry[]; dryRun?: boolean },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** A device with its PIN map, paged by PIN. */
export class GetAttendanceDevice extends Query<{
  deviceId: string;
  opdId: string;
  version: number;
  total: number;
  limit: number;
  offset: number;
  pins: PinEntry[];
}> {
  constructor(
    readonly deviceId: string,
    readonly page: { limit?: number; offset?: number },
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The registered devices of an OPD (every OPD for BKPSDM when none is named). */
export class ListAttendanceDevices extends Query<{ devices: DeviceRow[] }> {
  constructor(
    readonly opdId: string | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}

export type ScanFileFormat = 'zkteco' | 'csv';

/**
 * Asked before an upload's body is read: may this actor import this kind of file (for a ZKTeco log,
 * from this device), and how many bytes at most. An endless upload of someone who may not is cut
 * at its first byte.
 */
export class PrepareScanImport extends Query<{ maxBytes: number }> {
  constructor(
    readonly contentType: string | undefined,
    readonly declaredBytes: number | undefined,
    readonly format: ScanFileFormat,
    readonly device: string | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}

export interface ScanSourceReport {
  source: string;
  opdId: string;
  streamId: string;
  scans: number;
  added: number;
  removed: number;
  unchanged: number;
  /** Events appended for this source (0 on a dry run or when nothing changed). */
  appended: number;
}

export interface ScanImportReport {
  month: string;
  format: ScanFileFormat;
  dryRun: boolean;
  /** The reason of a correction, or null. */
  correction: string | null;
  fileDigest: string;
  /** Lines that hold something (the CSV's header not counted). */
  lines: number;
  /** Distinct valid scans in the file. */
  scans: number;
  /** Lines repeating a scan of the same file (counted once). */
  duplicates: number;
  errors: ScanLineError[];
  /** What the file changes in what is recorded, over every source; samples are the first 20. */
  comparison: { added: number; removed: number; unchanged: number; samples: { added: Scan[]; removed: Scan[] } };
  sources: ScanSourceReport[];
  appended: number;
}

/**
 * A month's scan log: a ZKTeco attendance log of one device, or the generic CSV (`nip` or `pin`,
 * `timestamp`, `device`). Every bad line refuses the file (SCAN_IMPORT_HAS_ERRORS, listed; a dry run
 * lists them and appends nothing); a file that drops recorded scans is refused
 * (SCANS_WOULD_BE_REMOVED) unless it is a correction with a reason. `attendance.import` on the OPD
 * of every device of the file.
 */
export class ImportScanFile extends Command<ScanImportReport> {
  constructor(
    readonly month: Month,
    readonly file: {
      format: ScanFileFormat;
      device?: string;
      /** The file: text, or its bytes as uploaded (UTF-8). */
      content: string | Uint8Array;
      dryRun: boolean;
      correction?: { reason: string };
    },
    readonly actor: Actor,
    readonly ctx: RequestContext,
    readonly run: { onProgress?: (done: number, total: number) => void } = {},
  ) {
    super();
  }
}

/** The imports of a month, newest first (an OPD's devices, or every device for BKPSDM). */
export class GetScanImports extends Query<{ items: ScanImportRow[]; total: number; limit: number; offset: number }> {
  constructor(
    readonly month: Month,
    readonly opdId: string | undefined,
    readonly page: { limit?: number; offset?: number },
    readonly actor: Actor,
  ) {
    super();
  }
}
