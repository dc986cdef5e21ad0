import { Link, useParams } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Anchor, Badge, Button, Card, Code, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { formatInstant } from '../../format';
import { roleLabel } from '../../i18n/terms';
import { actorRoleLabel, asOfHref, justBefore, subjectOfStream } from './audit';

const PAGE_SIZE = 100;

const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * One stream of the log as it is recorded: each event with its version (position), who, why, when and
 * its hash linked to the previous one, with the data as stored. The timeline links here.
 */
export function StreamPage() {
  const streamId = useParams().streamId ?? '';
  const stream = useInfiniteQuery({
    queryKey: ['audit-stream', streamId],
    initialPageParam: 0,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/audit/streams/{streamId}', { params: { path: { streamId }, query: { from: pageParam, limit: PAGE_SIZE } } })),
    getNextPageParam: (last) => last.page.next ?? undefined,
    enabled: !!streamId,
  });
  const events = stream.data?.pages.flatMap((p) => p.events) ?? [];
  const subject = subjectOfStream(streamId);
  return (
    <Page
      title="Aliran peristiwa"
      description={
        <>
          <Code style={{ wordBreak: 'break-all' }}>{streamId}</Code> — setiap peristiwa dengan versinya dan rantai hash-nya.
        </>
      }
      loading={stream.isPending}
      error={stream.error}
      actions={
        <Group gap="xs">
          <Anchor component={Link} to={`/audit?stream=${encodeURIComponent(streamId)}`} size="sm">
            Di jejak audit
          </Anchor>
        </Group>
      }
    >
      {stream.data && events.length === 0 && <Empty>Aliran ini belum memuat peristiwa.</Empty>}
      <Stack gap="sm" data-testid="stream-events">
        {events.map((raw) => {
          const e = record(raw);
          const meta = record(e.metadata);
          const position = typeof e.streamPosition === 'number' ? e.streamPosition : -1;
          const recordedAt = text(e.recordedAt);
          return (
            <Card key={String(e.id ?? position)} withBorder padding="sm" data-testid="stream-event">
              <Group justify="space-between" wrap="wrap" gap={4} mb={4}>
                <Group gap="xs">
                  <Badge variant="light" style={{ textTransform: 'none' }}>
                    Versi {position}
                  </Badge>
                  <Title order={2} size="h5">
                    {text(e.type) ?? '–'}
                  </Title>
                </Group>
                <Text size="sm" c="dimmed">
                  {formatInstant(recordedAt)}
                </Text>
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={4} verticalSpacing={2}>
                <Text size="sm">
                  <Text span fw={600}>
                    Pelaku:
                  </Text>{' '}
                  {text(meta.actor) ?? '–'}
                  {text(meta.role) ? ` (${actorRoleLabel(text(meta.role)!, roleLabel)})` : ''}
                </Text>
                <Text size="sm">
                  <Text span fw={600}>
                    Versi kebijakan:
                  </Text>{' '}
                  {text(meta.policyVersion) ?? '–'}
                </Text>
                <Text size="sm" style={{ wordBreak: 'break-word' }}>
                  <Text span fw={600}>
                    Alasan:
                  </Text>{' '}
                  {text(meta.reason) ?? '–'}
                </Text>
                <Text size="sm" style={{ wordBreak: 'break-all' }}>
                  <Text span fw={600}>
                    ID korelasi:
                  </Text>{' '}
                  {text(meta.correlationId) ?? '–'}
                </Text>
              </SimpleGrid>
              <Text size="xs" mt={6} style={{ wordBreak: 'break-all' }}>
                <Text span fw={600}>
                  Hash:
                </Text>{' '}
                <Code>{text(e.hash) ?? '–'}</Code>
              </Text>
              <Text size="xs" style={{ wordBreak: 'break-all' }}>
                <Text span fw={600}>
                  Hash sebelumnya:
                </Text>{' '}
                <Code>{text(e.prevHash) ?? '–'}</Code>
              </Text>
              <details>
                <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-sm)' }}>Isi data peristiwa</summary>
                <Code block mt={4} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {JSON.stringify(e.data ?? null, null, 2)}
                </Code>
              </details>
              {recordedAt && (
                <Anchor component={Link} to={asOfHref(subject, justBefore(recordedAt))} size="sm" mt={4}>
                  Lihat per tanggal (sebelum peristiwa ini)
                </Anchor>
              )}
            </Card>
          );
        })}
      </Stack>
      {stream.hasNextPage && (
        <Button variant="default" onClick={() => void stream.fetchNextPage()} loading={stream.isFetchingNextPage}>
          Muat lebih banyak
        </Button>
      )}
      {stream.isFetchNextPageError && <ErrorNote error={stream.error} title="Halaman berikutnya tidak dapat dimuat" />}
    </Page>
  );
}
