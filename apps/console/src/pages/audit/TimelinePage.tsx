import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { Anchor, Badge, Button, Card, Code, Collapse, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client';
import type { operations } from '../../api/schema';
import { ErrorNote } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { formatInstant } from '../../format';
import { roleLabel } from '../../i18n/terms';
import { hasRole } from '../../session/session';
import { useSession } from '../../session/hooks';
import {
  actorRoleLabel,
  asOfHref,
  exportFilterOf,
  filterOfParams,
  formatCount,
  justBefore,
  orderOf,
  paramsOfFilter,
  subjectOfStream,
  type FilterKey,
  type TimelineFilter,
} from './audit';
import { saveBlob } from '../../api/download';

const PAGE_SIZE = '50';

type TimelineEvent = operations['AuditController_timeline']['responses'][200]['content']['application/json']['events'][number];

const MAIN: ReadonlySet<FilterKey> = new Set(['nip', 'type']);

const FIELDS: ReadonlyArray<{ key: Exclude<FilterKey, 'order' | 'from' | 'to'>; label: string; placeholder: string }> = [
  { key: 'nip', label: 'NIP pegawai', placeholder: '18 angka' },
  { key: 'actor', label: 'Pelaku (ID pengguna)', placeholder: 'mis. kabid.dinkes' },
  { key: 'opd', label: 'OPD', placeholder: 'mis. DINKES' },
  { key: 'type', label: 'Jenis peristiwa', placeholder: 'mis. ObjectionDecided' },
  { key: 'stream', label: 'Aliran (stream)', placeholder: 'mis. Appraisal-<NIP>-2026-10' },
  { key: 'correlationId', label: 'ID korelasi', placeholder: 'satu permintaan atau proses' },
];

/**
 * Jejak audit: every event with who, in which role, why, when (WIB), under which policy version and
 * in which request (correlation id), filtered as the address says (a filtered view can be shared),
 * paged by the API's cursor, downloadable as CSV or JSON Lines. The inspectorate sees everything; an
 * employee the events about themselves, as the API decides.
 */
export function TimelinePage() {
  const session = useSession();
  const inspector = hasRole(session, 'inspektorat');
  const [params, setParams] = useSearchParams();
  const filter = filterOfParams(params);
  const [form, setForm] = useState<TimelineFilter>(filter);
  const [formFor, setFormFor] = useState(params.toString());
  // The address changed (a correlation id clicked, back/forward): the form follows it.
  if (formFor !== params.toString()) {
    setFormFor(params.toString());
    setForm(filter);
  }
  const apply = (f: TimelineFilter) => setParams(paramsOfFilter(f));
  // The less used filters fold away (a long form on a phone hides the events), open when one is set.
  const [more, setMore] = useState<boolean | null>(null);
  const showMore = more ?? (FIELDS.some((f) => !MAIN.has(f.key) && !!filter[f.key]) || filter.order === 'asc');
  const field = (f: (typeof FIELDS)[number]) => (
    <TextInput
      key={f.key}
      label={f.label}
      placeholder={f.placeholder}
      value={form[f.key] ?? ''}
      maxLength={200}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setForm((prev) => ({ ...prev, [f.key]: v }));
      }}
    />
  );
  const dateInput = (key: 'from' | 'to', label: string) => (
    <TextInput
      type="date"
      label={label}
      value={form[key] ?? ''}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setForm((prev) => ({ ...prev, [key]: v }));
      }}
    />
  );
  const order = orderOf(filter);

  const timeline = useInfiniteQuery({
    queryKey: ['audit-timeline', paramsOfFilter(filter).toString()],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/audit/timeline', {
          params: { query: { ...exportFilterOf(filter), order, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.page.next ?? undefined,
  });
  const events = timeline.data?.pages.flatMap((p) => p.events) ?? [];

  const download = useMutation({
    mutationFn: async (format: 'csv' | 'jsonl') => {
      const query = { params: { query: exportFilterOf(filter) }, parseAs: 'blob' as const };
      const blob =
        format === 'csv'
          ? await unwrap(api.GET('/api/v1/audit/exports/timeline.csv', query))
          : await unwrap(api.GET('/api/v1/audit/exports/timeline.jsonl', query));
      saveBlob(blob as Blob, `jejak-audit.${format}`);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(form);
  };
  const active = [...paramsOfFilter(exportFilterOf(filter)).entries()];

  return (
    <Page
      title="Jejak audit"
      description="Setiap peristiwa yang tercatat: siapa, dengan peran apa, kapan (WIB), mengapa, menurut versi kebijakan mana, dan dalam permintaan mana."
      error={timeline.error}
    >
      <Card withBorder padding="md" component="form" onSubmit={submit} aria-label="Saring jejak audit">
        <Title order={2} size="h4" mb="xs">
          Saring
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          {FIELDS.filter((f) => MAIN.has(f.key)).map(field)}
          {dateInput('from', 'Dari tanggal')}
          {dateInput('to', 'Sampai tanggal')}
        </SimpleGrid>
        <Group mt="xs">
          <Button variant="subtle" size="compact-sm" onClick={() => setMore(!showMore)} aria-expanded={showMore}>
            {showMore ? 'Sembunyikan saringan lainnya' : 'Saringan lainnya (pelaku, OPD, aliran, korelasi, urutan)'}
          </Button>
        </Group>
        <Collapse expanded={showMore}>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm" mt="xs">
            {FIELDS.filter((f) => !MAIN.has(f.key)).map(field)}
            <NativeSelect
              label="Urutan"
              data={[
                { value: 'desc', label: 'Terbaru lebih dulu' },
                { value: 'asc', label: 'Terlama lebih dulu' },
              ]}
              value={orderOf(form)}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setForm((prev) => ({ ...prev, order: v }));
              }}
            />
          </SimpleGrid>
        </Collapse>
        <Group mt="md" gap="sm">
          <Button type="submit">Terapkan saringan</Button>
          <Button variant="default" onClick={() => apply({})} disabled={params.toString() === ''}>
            Hapus saringan
          </Button>
        </Group>
      </Card>

      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm" data-testid="timeline-count" aria-live="polite">
          {timeline.data ? `${formatCount(events.length)} peristiwa ditampilkan${timeline.hasNextPage ? ' (masih ada lagi)' : ''}` : ''}
          {active.length > 0 && ` · disaring: ${active.map(([k, v]) => `${k}=${v}`).join(', ')}`}
        </Text>
        {inspector && (
          <Group gap="xs">
            <Button
              variant="light"
              size="sm"
              loading={download.isPending && download.variables === 'csv'}
              onClick={() => download.mutate('csv')}
            >
              Unduh CSV
            </Button>
            <Button
              variant="light"
              size="sm"
              loading={download.isPending && download.variables === 'jsonl'}
              onClick={() => download.mutate('jsonl')}
            >
              Unduh JSONL
            </Button>
          </Group>
        )}
      </Group>
      <ErrorNote error={download.error} title="Ekspor tidak dapat diunduh" />

      {timeline.isPending && (
        <Text size="sm" role="status">
          Memuat peristiwa…
        </Text>
      )}
      {timeline.data && events.length === 0 && <Empty>Tidak ada peristiwa yang cocok dengan saringan ini.</Empty>}
      <Stack gap="sm" data-testid="timeline">
        {events.map((e) => (
          <EventCard key={e.eventId} event={e} onCorrelation={(c) => apply({ correlationId: c, order: filter.order })} />
        ))}
      </Stack>
      {timeline.hasNextPage && (
        <Button variant="default" onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
          Muat lebih banyak
        </Button>
      )}
      {timeline.isFetchNextPageError && <ErrorNote error={timeline.error} title="Halaman berikutnya tidak dapat dimuat" />}
    </Page>
  );
}

function EventCard({ event: e, onCorrelation }: { event: TimelineEvent; onCorrelation(c: string): void }) {
  const subject = subjectOfStream(e.streamId);
  return (
    <Card withBorder padding="sm" data-testid="timeline-event" data-event-type={e.type}>
      <Group justify="space-between" wrap="wrap" gap={4} mb={4}>
        <Title order={3} size="h5" style={{ wordBreak: 'break-word' }}>
          {e.type}
        </Title>
        <Text size="sm" c="dimmed">
          {formatInstant(e.recordedAt)}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={4} verticalSpacing={2}>
        <Text size="sm">
          <Text span fw={600}>
            Pelaku:
          </Text>{' '}
          {e.actor ?? '–'}
          {e.role ? ` (${actorRoleLabel(e.role, roleLabel)})` : ''}
        </Text>
        <Text size="sm">
          <Text span fw={600}>
            Pegawai / OPD:
          </Text>{' '}
          {e.nip ?? '–'} / {e.opdId ?? '–'}
        </Text>
        <Text size="sm" style={{ wordBreak: 'break-word' }}>
          <Text span fw={600}>
            Alasan:
          </Text>{' '}
          {e.reason ?? '–'}
        </Text>
        <Text size="sm">
          <Text span fw={600}>
            Versi kebijakan:
          </Text>{' '}
          {e.policyVersion ?? '–'}
        </Text>
      </SimpleGrid>
      <Group gap="xs" mt={6} wrap="wrap">
        <Badge variant="light" color="gray" style={{ textTransform: 'none' }}>
          Versi {e.streamPosition}
        </Badge>
        <Anchor component={Link} to={`/audit/aliran/${encodeURIComponent(e.streamId)}`} size="sm" style={{ wordBreak: 'break-all' }}>
          Aliran {e.streamId}
        </Anchor>
        {e.correlationId && (
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => onCorrelation(e.correlationId!)}
            title="Tampilkan semua peristiwa dengan ID korelasi ini"
            aria-label={`Saring menurut ID korelasi ${e.correlationId}`}
          >
            Korelasi <Code ml={4}>{e.correlationId.length > 24 ? `${e.correlationId.slice(0, 24)}…` : e.correlationId}</Code>
          </Button>
        )}
        <Anchor component={Link} to={asOfHref(subject, justBefore(e.recordedAt))} size="sm">
          Lihat per tanggal (sebelum peristiwa ini)
        </Anchor>
      </Group>
    </Card>
  );
}
