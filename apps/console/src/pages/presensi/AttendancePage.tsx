import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { ErrorNote } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatDateWithDay, formatMonth } from '../../format';
import { label } from '../../i18n/terms';
import { useSession } from '../../session/hooks';
import { recentMonths } from '../pay/pay';
import { isMonth } from '../reports/logic';
import { clock, CODES, codeMeaning, DAY_STATUS_COLOR, DAY_STATUS_LABEL, isMutedDay, LEAVE_KIND_LABEL } from './attendance';

export const attendanceMonthQuery = (nip: string, month: string) => ({
  queryKey: ['attendance', nip, month],
  queryFn: () => unwrap(api.GET('/api/v1/attendance/employees/{nip}/{month}', { params: { path: { nip, month } } })),
  enabled: !!nip,
  retry: (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2,
});

function Count({ title, value, hint, testId }: { title: string; value: number; hint?: string; testId: string }) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Text size="sm" c="dimmed">
        {title}
      </Text>
      <Text size="xl" fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

/**
 * Presensi: an employee's month of attendance as the server computed it from the schedule, the
 * calendar, the machine's scans and approved leave — every day with its status, codes and why, and
 * the month's counts the TPP takes. `/presensi` is one's own; `/presensi/:nip` a staff member's (the
 * API decides who may: the person, their supervisor, the OPD's admin and BKPSDM).
 */
export function AttendancePage() {
  const own = useSession()?.claims.nip ?? '';
  const { nip: other } = useParams();
  const nip = other ?? own;
  const today = todayInJakarta();
  const [params, setParams] = useSearchParams();
  const month = isMonth(params.get('bulan')) ? params.get('bulan')! : today.slice(0, 7);
  const q = useQuery(attendanceMonthQuery(nip, month));
  const d = q.data;
  const months = recentMonths(today, 24);
  if (!months.includes(month)) months.unshift(month);
  const forbidden = q.error instanceof ApiError && q.error.status === 403;
  const mine = !other || other === own;

  return (
    <Page
      title={mine ? 'Presensi' : `Presensi ${d?.name ?? other}`}
      description={
        mine
          ? 'Kehadiran Anda per hari menurut jadwal kerja, hari libur, data mesin presensi, dan cuti yang disetujui.'
          : `Kehadiran pegawai NIP ${other} per hari, seperti yang dilihat pegawai itu sendiri.`
      }
      loading={!!nip && q.isPending}
      actions={
        <NativeSelect
          label="Bulan"
          data={months.map((m) => ({ value: m, label: formatMonth(m) }))}
          value={month}
          onChange={(e) => setParams({ bulan: e.currentTarget.value })}
        />
      }
    >
      {!nip && <Empty>Halaman ini untuk pegawai; akun Anda tidak terhubung dengan NIP.</Empty>}
      {forbidden && (
        <Alert color="red" variant="light" title="Anda tidak berwenang melihat presensi ini" role="alert" data-testid="presensi-refused">
          <Text size="sm">
            Presensi seorang pegawai hanya dapat dilihat oleh pegawai itu sendiri, atasan langsungnya, admin OPD-nya, dan BKPSDM.
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            Kode: {(q.error as ApiError).code}
          </Text>
        </Alert>
      )}
      {q.error && !forbidden ? <ErrorNote error={q.error} title="Presensi tidak dapat dimuat" /> : null}
      {d && (
        <Stack gap="md">
          {d.calendarMissing && (
            <Alert color="yellow" title="Kalender hari libur belum tersedia" data-testid="calendar-missing">
              Kalender libur nasional dan cuti bersama untuk tahun {month.slice(0, 4)} belum ada dalam kebijakan, sehingga hari libur
              dihitung sebagai hari kerja. Hubungi BKPSDM.
            </Alert>
          )}
          <section aria-labelledby="ringkasan-title">
            <Title order={2} size="h4" id="ringkasan-title" mb="xs">
              Ringkasan {formatMonth(month)}
            </Title>
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
              <Count title="Hari kerja" value={d.workingDays} testId="count-workingDays" />
              <Count title="Hadir" value={d.presentDays} testId="count-presentDays" />
              <Count title="Dikecualikan" value={d.excusedDays} hint="cuti, dinas luar, gangguan mesin" testId="count-excusedDays" />
              <Count title="Tanpa keterangan" value={d.absentDays} testId="count-absentDays" />
            </SimpleGrid>
            <Title order={3} size="h5" mt="md" mb="xs">
              Kode presensi
            </Title>
            <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }} spacing="sm">
              {CODES.map((c) => (
                <Count key={c} title={c} value={d.counts[c] ?? 0} hint={codeMeaning(c)} testId={`count-${c}`} />
              ))}
            </SimpleGrid>
            <Text size="xs" c="dimmed" mt="xs">
              TL = terlambat masuk, PSW = pulang sebelum waktunya, TK = tanpa keterangan. Batas menit tiap tingkat mengikuti kebijakan{' '}
              {d.policyVersion}.
            </Text>
            {d.excused.length > 0 && (
              <Text size="sm" mt="xs">
                Dikecualikan: {d.excused.map((e) => `${label(LEAVE_KIND_LABEL, e.kind)} ${e.days} hari`).join(', ')}.
              </Text>
            )}
            {d.unassignedScans > 0 && (
              <Text size="sm" c="dimmed" mt="xs">
                {d.unassignedScans} presensi tercatat di luar hari kerja (disimpan, tidak dihitung).
              </Text>
            )}
          </section>

          <section aria-labelledby="hari-title">
            <Title order={2} size="h4" id="hari-title" mb="xs">
              Per hari
            </Title>
            <Table.ScrollContainer minWidth={640} visibleFrom="sm">
              <Table aria-label={`Presensi per hari ${formatMonth(month)}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Tanggal</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Masuk</Table.Th>
                    <Table.Th>Pulang</Table.Th>
                    <Table.Th>Kode</Table.Th>
                    <Table.Th>Keterangan</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.days.map((day) => (
                    <Table.Tr
                      key={day.date}
                      data-testid={`hari-${day.date}`}
                      data-status={day.status}
                      c={isMutedDay(day.status) ? 'dimmed' : undefined}
                      bg={day.status === 'LIBUR' ? 'var(--mantine-color-gray-0)' : undefined}
                    >
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateWithDay(day.date)}</Table.Td>
                      <Table.Td>
                        <Badge color={label(DAY_STATUS_COLOR, day.status)} variant="light">
                          {label(DAY_STATUS_LABEL, day.status)}
                        </Badge>
                      </Table.Td>
                      <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{clock(day.checkIn)}</Table.Td>
                      <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{clock(day.checkOut)}</Table.Td>
                      <Table.Td>{day.codes.join(', ') || '–'}</Table.Td>
                      <Table.Td>
                        <Text size="sm" inherit>
                          {day.why}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Stack gap="xs" hiddenFrom="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {d.days.map((day) => (
                <Card
                  component="li"
                  key={day.date}
                  withBorder
                  padding="sm"
                  data-testid={`hari-kartu-${day.date}`}
                  data-status={day.status}
                  bg={day.status === 'LIBUR' ? 'var(--mantine-color-gray-0)' : undefined}
                >
                  <Group justify="space-between" gap="xs" wrap="wrap">
                    <Text fw={600} size="sm" c={isMutedDay(day.status) ? 'dimmed' : undefined}>
                      {formatDateWithDay(day.date)}
                    </Text>
                    <Badge color={label(DAY_STATUS_COLOR, day.status)} variant="light">
                      {label(DAY_STATUS_LABEL, day.status)}
                    </Badge>
                  </Group>
                  {(day.checkIn || day.checkOut || day.codes.length > 0) && (
                    <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      Masuk {clock(day.checkIn)} · Pulang {clock(day.checkOut)}
                      {day.codes.length > 0 ? ` · ${day.codes.join(', ')}` : ''}
                    </Text>
                  )}
                  <Text size="sm" c={isMutedDay(day.status) ? 'dimmed' : undefined} style={{ overflowWrap: 'anywhere' }}>
                    {day.why}
                  </Text>
                </Card>
              ))}
            </Stack>
          </section>
          {mine && (
            <Text size="sm">
              Tidak hadir karena cuti atau dinas luar?{' '}
              <Anchor component={Link} to="/cuti">
                Ajukan cuti atau dinas luar
              </Anchor>
              ; setelah disetujui atasan, hari itu dikecualikan.
            </Text>
          )}
        </Stack>
      )}
    </Page>
  );
}
