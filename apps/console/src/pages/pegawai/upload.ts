import { ApiError, apiErrorOf, NETWORK_ERROR } from '../../api/errors';
import type { operations } from '../../api/schema';
import { expire, validToken } from '../../session/session';

type ImportBody = operations['EmployeesController_import']['requestBody']['content']['application/json'];
type ImportAnswer = operations['EmployeesController_import']['responses'][201]['content']['application/json'];

/**
 * Sends a SIASN export to POST /api/v1/employees/import with XMLHttpRequest, whose upload events give
 * the progress that fetch cannot (the import is synchronous: the answer comes once every row is
 * appended, or none). The body is the contract's `{csv, dryRun}`; the Idempotency-Key is the intent's,
 * so a resend after a lost answer imports once. A refusal is an ApiError (IMPORT_REJECTED carries the
 * bad rows in its details).
 */
export function sendImport(
  body: ImportBody,
  idempotencyKey: string,
  onProgress: (loaded: number, total: number) => void,
): Promise<ImportAnswer> {
  return new Promise((resolve, reject) => {
    const token = validToken();
    if (!token) {
      expire(location.pathname + location.search);
      return reject(new ApiError(401, 'TOKEN_EXPIRED', 'the token has expired', {}));
    }
    const payload = JSON.stringify(body);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/employees/import');
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : payload.length);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve(xhr.response as ImportAnswer);
      if (xhr.status === 401) expire(location.pathname + location.search);
      reject(apiErrorOf(xhr.status, xhr.response));
    };
    xhr.onerror = () => reject(new ApiError(0, NETWORK_ERROR, 'the import did not reach the server', {}));
    xhr.send(payload);
  });
}
