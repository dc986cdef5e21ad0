import type { operations } from '../../api/schema';
import { postWithProgress } from '../../api/upload';

type ImportBody = operations['EmployeesController_import']['requestBody']['content']['application/json'];
type ImportAnswer = operations['EmployeesController_import']['responses'][201]['content']['application/json'];

/**
 * Sends a SIASN export to POST /api/v1/employees/import with its upload progress (the import is
 * synchronous: the answer comes once every row is appended, or none). The body is the contract's
 * `{csv, dryRun}`; the Idempotency-Key is the intent's, so a resend after a lost answer imports once.
 * A refusal is an ApiError (IMPORT_REJECTED carries the bad rows in its details).
 */
export function sendImport(
  body: ImportBody,
  idempotencyKey: string,
  onProgress: (loaded: number, total: number) => void,
): Promise<ImportAnswer> {
  return postWithProgress<ImportAnswer>({
    path: '/api/v1/employees/import',
    body: JSON.stringify(body),
    contentType: 'application/json',
    headers: { 'Idempotency-Key': idempotencyKey },
    onProgress,
  });
}
