import type { operations, paths } from '../../api/schema';
import { postWithProgress } from '../../api/upload';

type FileAnswer = operations['EmployeesController_importFile']['responses'][202]['content']['application/json'];

const PATH = '/api/v1/employees/import/file' satisfies keyof paths;

/** The API's bounds of a file sent to the import (libs/application/src/people/upload.ts), checked here before sending. */
export const IMPORT_FILE_MAX_BYTES = 64 * 1024 * 1024;
export const IMPORT_FILE_MAX_ROWS = 100_000;

/**
 * Sends a SIASN export itself (text/csv, the File as it is: never read whole into the page) to
 * POST /api/v1/employees/import/file with its upload progress. The API checks its text as it
 * arrives and answers 202 with the background job that checks (dryRun) or imports it, followed at
 * GET /api/v1/jobs/{id}. A refusal before the job is an ApiError (IMPORT_REJECTED with the line and
 * column of a NUL or of bytes that are not UTF-8, IMPORT_FILE_TOO_LARGE, IMPORT_TOO_MANY_ROWS...).
 */
export function sendImportFile(
  file: Blob,
  options: {
    dryRun: boolean;
    /** The intent's key, sent with the import (the import itself also recognises rows a lost answer's run registered). */
    idempotencyKey?: string;
    onProgress: (loaded: number, total: number) => void;
    signal?: AbortSignal;
  },
): Promise<FileAnswer> {
  const query: NonNullable<operations['EmployeesController_importFile']['parameters']['query']> = {
    dryRun: options.dryRun ? 'true' : 'false',
  };
  return postWithProgress<FileAnswer>({
    path: `${PATH}?${new URLSearchParams(query).toString()}`,
    body: file,
    contentType: 'text/csv',
    headers: options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {},
    onProgress: options.onProgress,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
