import { useState, type ReactNode } from 'react';
import { Anchor, Loader } from '@mantine/core';
import { api, unwrap } from '../api/client';
import { saveBlob } from '../api/download';
import { ErrorNote } from './ErrorNote';

/**
 * An uploaded evidence file, downloaded on click. A plain link to `/api/v1/evidence/{sha256}` would go
 * without the bearer token (401): the file is fetched with it and saved from a Blob, and a refusal
 * (not allowed to read it, gone) is said next to the link.
 */
export function EvidenceFile({ sha256, name, children }: { sha256: string; name?: string; children: ReactNode }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const blob = await unwrap(api.GET('/api/v1/evidence/{sha256}', { params: { path: { sha256 } }, parseAs: 'blob' }));
      saveBlob(blob as Blob, name ?? `bukti-${sha256.slice(0, 12)}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Anchor component="button" type="button" size="sm" onClick={download} disabled={busy} aria-busy={busy}>
        {children}
        {busy && <Loader size="xs" ml={6} aria-hidden />}
      </Anchor>
      <ErrorNote error={error} title="Berkas tidak dapat diunduh" />
    </>
  );
}
