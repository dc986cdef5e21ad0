import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler, IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor, badInput, isKinerjaError, KinerjaError, newId } from '@kinerja/kernel';
import type { ImportError } from '@kinerja/domain/employee';
import { ApplicationHandler } from '../handler';
import { IMPORT_FILES, ImportFiles, MAINTENANCE_JOBS, MaintenanceJobs } from '../ports';
import { importEmployees, type ImportOutcome } from './import';
import { PeopleService } from './service';

// A SIASN export sent as the file itself (text/csv, or a multipart form's `file` field): checked as
// it arrives (its size, its rows, its text), kept in pieces in import_files, and imported by a
// background job that reports its progress at /api/v1/jobs/{id}. The import itself is the one of
// `ImportEmployees`: all or nothing, and a rerun (a retried job after its worker died) completes the rest.

export const EMPLOYEE_FILE_MAX_BYTES = 64 * 1024 * 1024;
export const EMPLOYEE_FILE_MAX_ROWS = 100_000;
export const EMPLOYEE_FILE_CONTENT_TYPES = ['text/csv', 'text/plain', 'multipart/form-data'] as const;
export const EMPLOYEE_IMPORT_JOB = 'employees.import';
/** Bad rows a job's result lists (the count says how many there were). */
const ERRORS_LISTED = 1000;
/** The upload is kept in pieces of about this size. */
const PIECE_BYTES = 1024 * 1024;

export function employeeFileTooLarge(size: number, maxBytes: number): KinerjaError {
  return new KinerjaError('IMPORT_FILE_TOO_LARGE', `an employee file is at most ${maxBytes} bytes`, 'TOO_LARGE', { size, maxBytes });
}

const rejected = (errors: ImportError[]) =>
  new KinerjaError('IMPORT_REJECTED', `${errors.length} problem(s) in the file; nothing was imported`, 'RULE', { errors });

/**
 * Reads a file's text as it arrives, piece by piece: NUL and bytes that are no UTF-8 (a lone
 * surrogate's among them) are refused with their line and column (the header's name of the field
 * they are in), and a file of more than `maxRows` rows is refused at the first row too many.
 */
export class UploadTextCheck {
  private readonly decoder = new TextDecoder('utf-8');
  private line = 1;
  private field = 0;
  private quoted = false;
  private lineHasText = false;
  private headerDone = false;
  private header: string[] = [];
  private cell = '';
  private delimiter: string | undefined;
  rows = 0;

  constructor(private readonly maxRows = EMPLOYEE_FILE_MAX_ROWS) {}

  push(bytes: Uint8Array, last = false): void {
    const text = this.decoder.decode(bytes, { stream: !last });
    // From one character that matters to the next (a regular expression skips the rest natively).
    const special = /[\u0000\ufffd"\n,;]/g; // eslint-disable-line no-control-regex
    let from = 0;
    for (let m = special.exec(text); ; m = special.exec(text)) {
      const at = m ? m.index : text.length;
      if (at > from) {
        if (at - from > 1 || text[from] !== '\r') this.lineHasText = true;
        if (!this.headerDone && this.cell.length < 100) this.cell += text.slice(from, Math.min(at, from + 100)).replace(/\r/g, '');
      }
      if (!m) break;
      from = at + 1;
      const ch = m[0];
      if (ch === '\u0000' || ch === '\ufffd') {
        const what = ch === '\u0000' ? 'a NUL character' : 'bytes that are not UTF-8 (a lone surrogate, or a broken sequence)';
        const column = this.headerDone ? (this.header[this.field] ?? `column ${this.field + 1}`) : undefined;
        throw rejected([
          { line: this.line, ...(column ? { column } : {}), code: 'INVALID_CHARACTER', message: `the file has ${what} here` },
        ]);
      }
      if (ch === '\n') {
        this.line++;
        if (!this.quoted) this.endLine();
      } else if (ch === '"') {
        this.quoted = !this.quoted;
        this.lineHasText = true;
      } else if (!this.quoted && (this.delimiter ?? ch) === ch) {
        this.delimiter = ch;
        this.endCell();
        this.lineHasText = true;
      } else {
        this.lineHasText = true;
        if (!this.headerDone && this.cell.length < 100) this.cell += ch;
      }
    }
    if (last) this.endLine();
  }

  private endCell(): void {
    if (!this.headerDone) this.header.push(this.cell.trim().toUpperCase());
    this.cell = '';
    this.field++;
  }

  /** A record ends (a line break outside quotes): the header, or one more row. */
  private endLine(): void {
    if (this.lineHasText) {
      if (this.headerDone) this.rows++;
      else {
        this.endCell();
        this.headerDone = true;
      }
    }
    this.cell = '';
    this.field = 0;
    this.lineHasText = false;
    if (this.rows > this.maxRows)
      throw new KinerjaError('IMPORT_TOO_MANY_ROWS', `an employee file has at most ${this.maxRows} rows`, 'TOO_LARGE', {
        maxRows: this.maxRows,
      });
  }
}

/** May the actor import, is the file of a type taken and not declared too large: checked before a byte is read. */
export class PrepareEmployeeUpload extends Query<{ maxBytes: number }> {
  constructor(
    readonly contentType: string | undefined,
    readonly declaredBytes: number | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}

export interface EmployeeUploadAccepted {
  jobId: string;
  status: string;
  dryRun: boolean;
  bytes: number;
  rows: number;
}

/** The file's bytes as they arrive (the API's edge has taken them out of the multipart form and counted them). */
export class UploadEmployeeImport extends Command<EmployeeUploadAccepted> {
  constructor(
    readonly file: { chunks: AsyncIterable<Uint8Array>; dryRun: boolean; reason?: string },
    readonly actor: Actor,
  ) {
    super();
  }
}

export interface EmployeeImportJobData {
  uploadId: string;
  dryRun: boolean;
  reason?: string;
  actor: Actor;
}

/** The import's answer, or its refusal with the first bad rows (a job's result is kept in the queue). */
export type EmployeeImportJobResult =
  Extract<ImportOutcome, { ok: true }> | { ok: false; code: 'IMPORT_REJECTED'; errorCount: number; errors: ImportError[] };

/** What the job runs: the uploaded file imported; the file deleted once the import is done or refused. */
export class RunEmployeeImportJob extends Command<EmployeeImportJobResult> {
  constructor(
    readonly job: EmployeeImportJobData,
    readonly onProgress: (progress: { phase: 'checking' | 'importing'; percent: number; done: number; total: number }) => void,
  ) {
    super();
  }
}

@QueryHandler(PrepareEmployeeUpload)
export class PrepareEmployeeUploadHandler extends ApplicationHandler implements IQueryHandler<PrepareEmployeeUpload> {
  constructor(@Inject(PeopleService) private readonly people: PeopleService) {
    super();
  }

  async execute({ contentType, declaredBytes, actor }: PrepareEmployeeUpload) {
    await this.people.authorize(actor, 'employee.import', { kind: 'organisation' }, this.now());
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!(EMPLOYEE_FILE_CONTENT_TYPES as readonly string[]).includes(type))
      throw badInput('IMPORT_FILE_TYPE_REFUSED', `send the file itself as ${EMPLOYEE_FILE_CONTENT_TYPES.join(', ')}, or JSON {csv}`, {
        contentType: type.slice(0, 100),
      });
    if (declaredBytes !== undefined && declaredBytes > EMPLOYEE_FILE_MAX_BYTES)
      throw employeeFileTooLarge(declaredBytes, EMPLOYEE_FILE_MAX_BYTES);
    return { maxBytes: EMPLOYEE_FILE_MAX_BYTES };
  }
}

@CommandHandler(UploadEmployeeImport)
export class UploadEmployeeImportHandler extends ApplicationHandler implements ICommandHandler<UploadEmployeeImport> {
  constructor(
    @Inject(PeopleService) private readonly people: PeopleService,
    @Inject(IMPORT_FILES) private readonly files: ImportFiles,
    @Inject(MAINTENANCE_JOBS) private readonly jobs: MaintenanceJobs,
  ) {
    super();
  }

  async execute({ file, actor }: UploadEmployeeImport): Promise<EmployeeUploadAccepted> {
    await this.people.authorize(actor, 'employee.import', { kind: 'organisation' }, this.now());
    const uploadId = newId();
    const check = new UploadTextCheck();
    let [piece, bytes, pending, pendingBytes] = [0, 0, [] as Uint8Array[], 0];
    const flush = async () => {
      if (pending.length) await this.files.write(uploadId, piece++, Buffer.concat(pending));
      [pending, pendingBytes] = [[], 0];
    };
    try {
      for await (const chunk of file.chunks) {
        check.push(chunk);
        pending.push(chunk);
        pendingBytes += chunk.length;
        bytes += chunk.length;
        if (pendingBytes >= PIECE_BYTES) await flush();
      }
      check.push(new Uint8Array(0), true);
      await flush();
      if (check.rows === 0) throw badInput('EMPTY_FILE', 'the file has no rows');
    } catch (e) {
      await this.files.drop(uploadId);
      throw e;
    }
    const data: EmployeeImportJobData = { uploadId, dryRun: file.dryRun, actor, ...(file.reason ? { reason: file.reason } : {}) };
    // Retried when its worker dies: the import completes what the dead attempt left (idempotent by row).
    const jobId = await this.jobs.start(EMPLOYEE_IMPORT_JOB, data, { jobId: `employees-import-${uploadId}`, attempts: 3 });
    return { jobId, status: `/api/v1/jobs/${jobId}`, dryRun: file.dryRun, bytes, rows: check.rows };
  }
}

@CommandHandler(RunEmployeeImportJob)
export class RunEmployeeImportJobHandler extends ApplicationHandler implements ICommandHandler<RunEmployeeImportJob> {
  constructor(
    @Inject(PeopleService) private readonly people: PeopleService,
    @Inject(IMPORT_FILES) private readonly files: ImportFiles,
  ) {
    super();
  }

  async execute({ job, onProgress }: RunEmployeeImportJob): Promise<EmployeeImportJobResult> {
    const bytes = await this.files.read(job.uploadId);
    if (!bytes) throw badInput('IMPORT_FILE_GONE', 'the uploaded file is no longer kept (its job was done)');
    onProgress({ phase: 'checking', percent: 0, done: 0, total: 0 });
    let reported = -1;
    const r = await importEmployees(this.people, new TextDecoder('utf-8').decode(bytes), {
      by: job.actor,
      now: this.now(),
      dryRun: job.dryRun,
      ...(job.reason ? { reason: job.reason } : {}),
      // Once a percent: a job's progress is a write to the queue.
      onProgress: (done, total) => {
        const percent = Math.floor((100 * done) / total);
        if (percent !== reported || done === total) onProgress({ phase: 'importing', percent: (reported = percent), done, total });
      },
    }).catch((e: unknown) => {
      // Refused by the rules, not by the machine or a concurrent change (retried: checked afresh): a result.
      if (isKinerjaError(e) && e.category !== 'UNAVAILABLE' && e.category !== 'CONFLICT')
        return { ok: false as const, errors: [{ line: 0, code: e.code, message: e.message }] };
      throw e;
    });
    await this.files.drop(job.uploadId);
    if (r.ok) return r;
    return { ok: false, code: 'IMPORT_REJECTED', errorCount: r.errors.length, errors: r.errors.slice(0, ERRORS_LISTED) };
  }
}

export const UPLOAD_HANDLERS = [PrepareEmployeeUploadHandler, UploadEmployeeImportHandler, RunEmployeeImportJobHandler];
