import { ApiError, apiErrorOf, NETWORK_ERROR } from './errors';
import { expire, validToken } from '../session/session';

/**
 * A POST sent with XMLHttpRequest, whose upload events give the progress that fetch cannot: an
 * evidence file, an import. The sign-in, the token and a refusal are handled as every other request
 * does it (an expired sign-in goes to the sign-in page, the form keeps its draft; a refusal is an
 * ApiError with its code and details).
 */
export function postWithProgress<T>(request: {
  path: string;
  body: Blob | string;
  contentType: string;
  headers?: Readonly<Record<string, string>>;
  onProgress: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}): Promise<T> {
  const size = typeof request.body === 'string' ? new Blob([request.body]).size : request.body.size;
  return new Promise((resolve, reject) => {
    const token = validToken();
    if (!token) {
      expire(location.pathname + location.search);
      return reject(new ApiError(401, 'TOKEN_EXPIRED', 'the token has expired', {}));
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', request.path);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', request.contentType);
    for (const [name, value] of Object.entries(request.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => request.onProgress(e.loaded, e.lengthComputable ? e.total : size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        request.onProgress(size, size);
        return resolve(xhr.response as T);
      }
      if (xhr.status === 401) expire(location.pathname + location.search);
      reject(apiErrorOf(xhr.status, xhr.response));
    };
    xhr.onerror = () => reject(new ApiError(0, NETWORK_ERROR, 'the request did not reach the server', {}));
    xhr.onabort = () => reject(new ApiError(0, 'UPLOAD_ABORTED', 'the upload was cancelled', {}));
    request.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(request.body);
  });
}
