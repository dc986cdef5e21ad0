import { useId, useState } from 'react';
import { Alert, Progress, Stack, Text } from '@mantine/core';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../format';
import { EVIDENCE_ACCEPT, EVIDENCE_MAX_BYTES, evidenceProblem, evidenceTypeOf } from './logic';
import { uploadEvidence, type UploadedEvidence } from './upload';

export interface PickedEvidence extends UploadedEvidence {
  name: string;
}

/**
 * Chooses an evidence file and uploads it at once, with its progress. A file of a refused type, too
 * large, empty or whose bytes are not its type is explained here and never sent.
 */
export function EvidencePicker({ label, onUploaded }: { label: string; onUploaded: (e: PickedEvidence) => void }) {
  const id = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [progress, setProgress] = useState<{ name: string; loaded: number; total: number } | null>(null);

  async function choose(input: HTMLInputElement) {
    const file = input.files?.[0];
    setProblem(null);
    setError(null);
    if (!file) return;
    // Type and size first (nothing read); the first bytes only of a file that may go.
    let why = evidenceProblem(file);
    if (!why) why = evidenceProblem(file, new Uint8Array(await file.arrayBuffer()));
    if (why) {
      setProblem(why);
      input.value = '';
      return;
    }
    setProgress({ name: file.name, loaded: 0, total: file.size });
    try {
      const stored = await uploadEvidence(file, evidenceTypeOf(file)!, (loaded, total) => setProgress({ name: file.name, loaded, total }));
      onUploaded({ ...stored, name: file.name });
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
      input.value = '';
    }
  }

  const percent = progress && progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 0;
  return (
    <Stack gap={4}>
      <Text component="label" htmlFor={id} size="sm" fw={500}>
        {label}
      </Text>
      <input
        id={id}
        type="file"
        accept={EVIDENCE_ACCEPT}
        disabled={!!progress}
        aria-describedby={`${id}-hint`}
        onChange={(e) => void choose(e.currentTarget)}
        style={{ maxWidth: '100%' }}
      />
      <Text id={`${id}-hint`} size="xs" c="dimmed">
        PDF, PNG, JPEG, DOCX atau XLSX, paling besar {formatBytes(EVIDENCE_MAX_BYTES)}.
      </Text>
      {progress && (
        <div>
          <Progress value={percent} aria-label={`Kemajuan unggah ${progress.name}`} size="lg" animated />
          <Text size="xs" role="status">
            Mengunggah {progress.name}: {formatBytes(progress.loaded)} dari {formatBytes(progress.total)} ({percent}%)
          </Text>
        </div>
      )}
      {problem && (
        <Alert color="red" variant="light" title="Berkas tidak dapat diunggah" role="alert" data-testid="evidence-refused">
          {problem}
        </Alert>
      )}
      <ErrorNote error={error} title="Unggah tidak berhasil" />
    </Stack>
  );
}
