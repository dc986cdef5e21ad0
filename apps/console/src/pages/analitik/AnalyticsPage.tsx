import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, unwrap } from '../../api/client';
import { saveBlob } from '../../api/download';
import { ErrorNote } from '../../components/ErrorNote';
import { Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { ScrollTable } from '../kalibrasi/ScrollTable';

const FLAG_TEXT: Record<string, string> = { LENIENT: 'Terlalu murah', SEVERE: 'Terlalu ketat' };
const NOTE_TEXT: Record<string, string> = {
  FEW_RATINGS: 'sampel kecil',
  FEW_TO_COMPARE: 'pembanding kurang',
  WITHIN_CHANCE: 'dalam batas wajar',
};
const pct = (x: number) => `${Math.round(x * 100)}%`;

type Csv = 'ratings.csv' | 'curve.csv' | 'workload.csv' | 'cascade.csv';

async function download(which: Csv, query: Record<string, string>) {
  const opts = { params: { query }, parseAs: 'blob' as const };
  const blob =
    which === 'ratings.csv'
      ? await unwrap(api.GET('/api/v1/analytics/ratings.csv', opts))
      : which === 'curve.csv'
        ? await unwrap(api.GET('/api/v1/analytics/curve.csv', opts))
        : which === 'workload.csv'
          ? await unwrap(api.GET('/api/v1/analytics/workload.csv', opts))
          : await unwrap(api.GET('/api/v1/analytics/cascade.csv', opts));
  saveBlob(blob, `${which.replace('.csv', '')}-${Object.values(query).join('-')}.csv`);
}

/**
 * Analitik (issue 18) for BKPSDM and the inspectorate: where the ratings lean (per rater against the
 * OPD and the Pemda, flagged only when the sample supports it), the curve as issued, and the workload
 * (daily reports per supervisor, the oldest queues, RHK on track). Each table downloads as CSV.
 */
export function AnalyticsPage() {
  const today = todayInJakarta();
  const thisYear = today.slice(0, 4);
  const [year, setYear] = useState(thisYear);
  const [month, setMonth] = useState(today.slice(0, 7));
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const ratings = useQuery({
    queryKey: ['analytics', 'ratings', year],
    queryFn: () => unwrap(api.GET('/api/v1/analytics/ratings', { params: { query: { year } } })),
  });
  const validMonth = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const workload = useQuery({
    queryKey: ['analytics', 'workload', month],
    queryFn: () => unwrap(api.GET('/api/v1/analytics/workload', { params: { query: { from: month, to: month } } })),
    enabled: validMonth,
  });
  const save = (which: Csv, query: Record<string, string>) => {
    setDownloadError(null);
    download(which, query).catch(setDownloadError);
  };
  const r = ratings.data;
  const w = workload.data;
  const chart = (r?.raters ?? []).slice(0, 20).map((x) => ({ label: x.raterName ?? x.raterNip, rata: x.mean }));
  return (
    <Page
      title="Analitik penilaian dan beban kerja"
      description="Kecenderungan penilai (terlalu murah atau terlalu ketat) dibanding OPD dan Pemda, distribusi predikat terhadap kurva, keberatan, serta laporan harian dan capaian RHK."
    >
      <ErrorNote error={downloadError} title="Berkas tidak dapat diunduh" />
      <Group align="end">
        <NativeSelect
          label="Tahun penilaian"
          value={year}
          onChange={(e) => setYear(e.currentTarget.value)}
          data={[0, 1, 2].map((k) => String(Number(thisYear) - k))}
        />
        <Button variant="light" onClick={() => save('ratings.csv', { year })}>
          Unduh CSV penilai
        </Button>
        <Button variant="light" onClick={() => save('curve.csv', { year })}>
          Unduh CSV kurva
        </Button>
      </Group>
      <ErrorNote error={ratings.error} title="Analitik penilaian tidak dapat dimuat" />
      {r && (
        <Stack gap="md" data-testid="rating-analytics">
          <Text size="sm">
            {r.ratings} penilaian, {r.raters.length} penilai, {r.flagged} ditandai. Ditandai hanya bila penilai menilai sedikitnya{' '}
            {r.rule.minSample} orang dan |z| ≥ {r.rule.zThreshold}.
          </Text>
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              Rata-rata skor per penilai (SANGAT_BAIK = 5)
            </Title>
            <figure role="img" aria-label={`Rata-rata skor: ${chart.map((c) => `${c.label} ${c.rata}`).join(', ')}`} style={{ margin: 0 }}>
              <ResponsiveContainer width="100%" height={Math.max(160, chart.length * 28)}>
                <BarChart data={chart} layout="vertical" margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" domain={[0, 5]} />
                  <YAxis type="category" dataKey="label" width={130} fontSize={11} />
                  <Tooltip />
                  <Bar dataKey="rata" name="Rata-rata" fill="#1c7ed6" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </figure>
          </Card>
          <ScrollTable label="Tabel penilai" minWidth={720}>
            <Table striped data-testid="raters">
              <Table.Caption>Penilai dibanding OPD dan Pemda</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Penilai</Table.Th>
                  <Table.Th>OPD</Table.Th>
                  <Table.Th>n</Table.Th>
                  <Table.Th>Sangat baik</Table.Th>
                  <Table.Th>Selisih baku (OPD)</Table.Th>
                  <Table.Th>z (OPD / Pemda)</Table.Th>
                  <Table.Th>Tanda</Table.Th>
                  <Table.Th>Keberatan (tetap / diubah)</Table.Th>
                  <Table.Th>Hari sampai dinilai</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.raters.map((x) => (
                  <Table.Tr key={`${x.raterNip}-${x.opdId}`}>
                    <Table.Td>{x.raterName ?? x.raterNip}</Table.Td>
                    <Table.Td>{x.opdId}</Table.Td>
                    <Table.Td>{x.n}</Table.Td>
                    <Table.Td>{pct(x.sangatBaikShare)}</Table.Td>
                    <Table.Td>{x.unit.difference ?? '–'}</Table.Td>
                    <Table.Td>
                      {x.unit.z ?? '–'} / {x.pemda.z ?? '–'}
                    </Table.Td>
                    <Table.Td>
                      {x.flag ? (
                        <Badge color={x.flag === 'LENIENT' ? 'orange' : 'grape'}>{FLAG_TEXT[x.flag]}</Badge>
                      ) : (
                        <Text size="xs" c="dimmed">
                          {NOTE_TEXT[x.unit.note ?? ''] ?? '–'}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {x.objections.filed} ({x.objections.confirmed} / {x.objections.amended})
                    </Table.Td>
                    <Table.Td>{x.daysToRating.median ?? '–'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <ScrollTable label="Tabel kurva" minWidth={520}>
            <Table striped data-testid="curve">
              <Table.Caption>Distribusi predikat terhadap kurva per OPD dan periode</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>OPD</Table.Th>
                  <Table.Th>Periode</Table.Th>
                  <Table.Th>Dinilai</Table.Th>
                  <Table.Th>Sangat baik</Table.Th>
                  <Table.Th>Baik</Table.Th>
                  <Table.Th>Sesuai kurva</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.curve.map((c) => (
                  <Table.Tr key={`${c.opdId}-${c.period}`}>
                    <Table.Td>{c.opdId}</Table.Td>
                    <Table.Td>{c.period}</Table.Td>
                    <Table.Td>{c.rated}</Table.Td>
                    <Table.Td>{pct(c.shares.SANGAT_BAIK ?? 0)}</Table.Td>
                    <Table.Td>{pct(c.shares.BAIK ?? 0)}</Table.Td>
                    <Table.Td>{c.withinCurve ? 'Ya' : c.justified ? 'Tidak (dengan justifikasi)' : 'Tidak'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </Stack>
      )}
      <Title order={2} size="h3" mt="lg">
        Beban kerja
      </Title>
      <Group align="end">
        <TextInput label="Bulan (YYYY-MM)" value={month} onChange={(e) => setMonth(e.currentTarget.value)} w={160} />
        <Button variant="light" disabled={!validMonth} onClick={() => save('workload.csv', { from: month, to: month })}>
          Unduh CSV laporan harian
        </Button>
        <Button variant="light" disabled={!validMonth} onClick={() => save('cascade.csv', { to: month })}>
          Unduh CSV capaian RHK
        </Button>
      </Group>
      <ErrorNote error={workload.error} title="Analitik beban kerja tidak dapat dimuat" />
      {w && (
        <Stack gap="md" data-testid="workload-analytics">
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Stat label="Laporan masuk" value={String(w.reports.total.filed)} />
            <Stat label="Ditanggapi" value={`${w.reports.total.answered} (${pct(w.reports.total.answeredShare)})`} />
            <Stat label="Menunggu" value={String(w.reports.total.waiting)} />
            <Stat label="RHK sesuai target" value={w.cascade.perUnit.map((u) => `${u.opdId ?? '–'}: ${pct(u.share)}`).join(', ') || '–'} />
          </SimpleGrid>
          <ScrollTable label="Tabel antrean" minWidth={420}>
            <Table striped data-testid="oldest-queues">
              <Table.Caption>Atasan dengan antrean laporan terlama</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Atasan</Table.Th>
                  <Table.Th>Menunggu</Table.Th>
                  <Table.Th>Terlama (hari)</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {w.reports.oldestQueues.map((l) => (
                  <Table.Tr key={l.key ?? '-'}>
                    <Table.Td>{(l.key && w.reports.supervisorNames[l.key]) ?? l.key}</Table.Td>
                    <Table.Td>{l.waiting}</Table.Td>
                    <Table.Td>{l.oldestWaitingDays}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </Stack>
      )}
    </Page>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700}>{value}</Text>
    </Card>
  );
}
