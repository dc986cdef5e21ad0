import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Card, Group, NativeSelect, Pagination, Stack, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client';
import { Empty, Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatDate, formatPeriod } from '../../format';
import { label, STATUS_LABEL } from '../../i18n/terms';
import { useMe } from '../../session/hooks';
import { PenilaianTabs, PredikatBadge, ratingText } from './parts';
import { daysLeftLabel, objectionWindow } from './rules';

const PAGE_SIZE = 12;

/** Penilaian saya: my appraisals period by period, with the predikat and the objection window. */
export function MyAppraisalsPage() {
  const me = useMe();
  const nip = me.data?.nip ?? '';
  const today = todayInJakarta();
  const thisYear = Number(today.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [page, setPage] = useState(1);
  const ledger = useQuery({
    queryKey: ['appraisals', nip, year, page],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/appraisals/{nip}', {
          params: { path: { nip }, query: { year: String(year), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } },
        }),
      ),
    enabled: !!nip,
  });
  const rows = [...(ledger.data?.appraisals ?? [])].reverse();
  const full = (ledger.data?.appraisals.length ?? 0) === PAGE_SIZE;
  return (
    <Page
      title="Penilaian saya"
      description="Predikat kinerja Anda per periode beserta alasannya. Keberatan dapat diajukan selama jangka waktunya masih terbuka."
      actions={<PenilaianTabs hasTeam={(me.data?.team.length ?? 0) > 0} />}
      loading={me.isPending || (!!nip && ledger.isPending)}
      error={me.error ?? ledger.error}
    >
      <NativeSelect
        label="Tahun"
        w={160}
        value={String(year)}
        onChange={(e) => {
          setYear(Number(e.currentTarget.value));
          setPage(1);
        }}
        data={[0, 1, 2].map((i) => String(thisYear - i))}
      />
      {!nip && <Empty>Akun ini bukan akun pegawai.</Empty>}
      {ledger.data && rows.length === 0 && <Empty>Belum ada penilaian pada tahun {year}.</Empty>}
      <Stack gap="sm">
        {rows.map((a) => {
          const w = objectionWindow(a, today);
          return (
            <Card key={a.period} withBorder padding="md" data-testid={`appraisal-${a.period}`}>
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Title order={2} size="h4">
                  <Anchor component={Link} to={`/penilaian/saya/${a.period}`}>
                    {formatPeriod(a.period)}
                  </Anchor>
                </Title>
                <Group gap="xs">
                  <Badge variant="outline" color="dark">
                    {label(STATUS_LABEL, a.state)}
                  </Badge>
                  <PredikatBadge predikat={a.predikat} />
                </Group>
              </Group>
              <Text size="sm" mt={4}>
                Hasil kerja: {ratingText(a.results)} · Perilaku kerja: {ratingText(a.behaviour)}
              </Text>
              {w.open && a.objectionDeadline && (
                <Text size="sm" mt={4}>
                  Keberatan dapat diajukan sampai {formatDate(a.objectionDeadline)} ({daysLeftLabel(w.daysLeft)}).
                </Text>
              )}
            </Card>
          );
        })}
      </Stack>
      {(page > 1 || full) && (
        <Pagination
          total={full ? page + 1 : page}
          value={page}
          onChange={setPage}
          getControlProps={(c) => ({ 'aria-label': c === 'next' ? 'Halaman berikutnya' : c === 'previous' ? 'Halaman sebelumnya' : c })}
        />
      )}
    </Page>
  );
}
