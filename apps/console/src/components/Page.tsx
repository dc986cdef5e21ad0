import type { ReactNode } from 'react';
import { Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { ErrorNote } from './ErrorNote';

/** A page's title and what it holds, with the loading and refused states of its main query. */
export function Page({
  title,
  description,
  actions,
  loading,
  error,
  children,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  loading?: boolean;
  error?: unknown;
  children?: ReactNode;
}) {
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <div>
          <Title order={1} size="h2">
            {title}
          </Title>
          {description && (
            <Text c="dimmed" size="sm">
              {description}
            </Text>
          )}
        </div>
        {actions}
      </Group>
      {error ? <ErrorNote error={error} title="Data tidak dapat dimuat" /> : null}
      {loading ? (
        <Center py="xl">
          <Loader role="status" aria-label="Memuat" />
        </Center>
      ) : (
        children
      )}
    </Stack>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" size="sm" py="md">
      {children}
    </Text>
  );
}
