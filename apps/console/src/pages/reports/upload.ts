import type { operations } from '../../api/schema';
import { postWithProgress } from '../../api/upload';

/** What POST /api/v1/evidence answers, as the OpenAPI document says. */
export type UploadedEvidence = operations['RealisationsController_upload']['responses'][201]['content']['application/json'];

/**
 * Uploads an evidence file (bukti dukung) to POST /api/v1/evidence with its progress. The body is the
 * file itself with its Content-Type; the answer is the stored file's sha256, which the realisation
 * then names.
 */
export function uploadEvidence(
  file: Blob,
  contentType: string,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<UploadedEvidence> {
  return postWithProgress<UploadedEvidence>({
    path: '/api/v1/evidence',
    body: file,
    contentType,
    onProgress,
    ...(signal ? { signal } : {}),
  });
}
