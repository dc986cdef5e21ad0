import { ApiError, apiErrorOf, NETWORK_ERROR } from '../../api/errors';
import type { operations } from '../../api/schema';
import { expire, validToken } from '../../session/session';

/** What POST /api/v1/evidence answers, as the OpenAPI document says. */
export type UploadedEvidence = operations['RealisationsController_upload']['responses'][201]['content']['application/json'];

/**
 * Uploads an evidence file (bukti dukung) to POST /api/v1/evidence with XMLHttpRequest, whose upload
 * events give the progress that fetch cannot. The body is the file itself with its Content-Type; the
 * answer is the stored file's sha256, which the realisation then names. An expired sign-in goes to
 * the sign-in page as every other request does (the form keeps its draft).
 */
export function uploadEvidence(
  file: Blob,
  contentType: string,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<UploadedEvidence> {
  return new Promise((resolve, reject) => {
    const token = validToken();
    if (!token) {
      expire(location.pathname + location.search);
      return reject(new ApiError(401, 'TOKEN_EXPIRED', 'the token has expired', {}));
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/evidence');
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size, file.size);
        return resolve(xhr.response as UploadedEvidence);
      }
      if (xhr.status === 401) expire(location.pathname + location.search);
      reject(apiErrorOf(xhr.status, xhr.response));
    };
    xhr.onerror = () => reject(new ApiError(0, NETWORK_ERROR, 'the upload did not reach the server', {}));
    xhr.onabort = () => reject(new ApiError(0, 'UPLOAD_ABORTED', 'the upload was cancelled', {}));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
