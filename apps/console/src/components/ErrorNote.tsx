import { Alert, Text } from '@mantine/core';
import { ApiError } from '../api/errors';
import { messageOf } from '../i18n/errors';

/** A refusal next to the action it concerns: the Indonesian message, and the code to quote. */
export function ErrorNote({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'INTERNAL';
  return (
    <Alert color="red" variant="light" title={title ?? 'Tidak berhasil'} role="alert" data-error-code={code}>
      <Text size="sm">{messageOf(code)}</Text>
      <Text size="xs" c="dimmed" mt={4}>
        Kode: {code}
      </Text>
    </Alert>
  );
}

/** The message for a form field the refusal names (its dotted path), else undefined. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.fields.some((f) => f === field || f.startsWith(`${field}.`)) ? messageOf(error.code) : undefined;
}
