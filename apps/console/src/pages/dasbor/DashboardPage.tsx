import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, unwrap } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { OpdAndTime } from '../../components/OpdAndTime';
import { Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatMonth } from '../../format';
import { useSession } from '../../session/hooks';
import { opdsOfRole, useOpdAndTime } from '../kalibrasi/opd';
import { ScrollTable } from '../kalibrasi/ScrollTable';
import { payrollStepText, predikatRows, progressRows, recentMonths } from './dashboard';

const dashboardQuery = (opdId: string, month: string) => ({
  queryKey: ['dashboard', opdId, month],
  queryFn: () => unwrap(api.GET('/api/v1/dashboard/{opdId}', { params: { path: { opdId }, query: { month } } })),
});

/**
 * Dasbor: an OPD's month at a glance for its head (their OPD) and for BKPSDM, BPKAD and the
 * inspectorate (any OPD): plans, daily reports, appraisals, objections and the payroll run's step.
 */
export function DashboardPage() {
  const roles = useSession()?.claims.roles ?? [];
  const headOf = opdsOfRole(roles, 'kepala_opd');
  const anyOpd = ['admin_kepegawaian', 'bpkad', 'inspektorat'].some((r) => roles.includes(r));
  const months = useMemo(() => recentMonths(todayInJakarta()), []);
  const { opdList, opdOptions, opdId, time: month, choose } = useOpdAndTime({ anyOpd, headOf, timeParam: 'bulan', times: months });
  const q = useQuery({ ...dashboardQuery(opdId, month), enabled: !!opdId });
  const d = q.data;
  return (
    <Page
      title="Dasbor pimpinan"
      description="Angka penting bulan ini untuk satu OPD: SKP, laporan harian, penilaian, keberatan, dan tahap pembayaran TPP."
      loading={anyOpd && opdList.isPending}
      error={opdList.error}
    >
      <OpdAndTime
        opdId={opdId}
        opdOptions={opdOptions}
        onOpd={(opd) => choose({ opd })}
        timeLabel="Bulan"
        time={month}
        times={months}
        formatTime={formatMonth}
        onTime={(time) => choose({ time })}
      />
      <ErrorNote error={q.error} title="Dasbor tidak dapat dimuat" />
      {d && (
        <Stack gap="md" data-testid="dashboard">
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
            <Stat label="Pegawai" value={String(d.employees)} testId="stat-employees" />
            <Stat label="SKP berlaku" value={`${d.plans.approved} dari ${d.employees}`} testId="stat-plans" />
            <Stat
              label="Laporan harian"
              value={`${d.dailyReports.answered} dari ${d.dailyReports.filed} ditanggapi`}
              testId="stat-reports"
            />
            <Stat label="Penilaian" value={`${d.appraisals.issued} dari ${d.appraisals.rated} ditetapkan`} testId="stat-appraisals" />
            <Stat label="Keberatan terbuka" value={String(d.objections.open)} testId="stat-objections" />
            <Stat label="Pembayaran TPP" value={payrollStepText(d)} testId="stat-payroll" />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <ChartCard title={`Kegiatan ${formatMonth(d.month)}`} rows={progressRows(d)} testId="chart-progress" />
            <ChartCard title="Predikat penilaian" rows={predikatRows(d)} testId="chart-predikat" />
          </SimpleGrid>
        </Stack>
      )}
    </Page>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700}>{value}</Text>
    </Card>
  );
}

function ChartCard({ title, rows, testId }: { title: string; rows: Array<{ label: string; jumlah: number }>; testId: string }) {
  return (
    <Card withBorder data-testid={testId}>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      <figure role="img" aria-label={`${title}: ${rows.map((r) => `${r.label} ${r.jumlah}`).join(', ')}`} style={{ margin: 0 }}>
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="label" width={130} fontSize={11} />
            <Tooltip />
            <Bar dataKey="jumlah" name="Jumlah" fill="#1c7ed6" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <ScrollTable label={`Tabel ${title}`} minWidth={260}>
        <Table striped>
          <Table.Caption>{title} (teks grafik)</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Keterangan</Table.Th>
              <Table.Th>Jumlah</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.label}>
                <Table.Td>{r.label}</Table.Td>
                <Table.Td>{r.jumlah}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Card>
  );
}
