import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Anchor,
  Box,
  Button,
  Card,
  Group,
  Pagination,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { api, commandHeaders, unwrap } from '../../api/client';
import { saveBlob } from '../../api/download';
import { ErrorNote } from '../../components/ErrorNote';
import { OpdAndTime } from '../../components/OpdAndTime';
import { Empty, Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { daysOfMonth, formatDate, formatInstant, formatMonth } from '../../format';
import { useCommand } from '../../hooks/command';
import { useOpdAndTime } from '../kalibrasi/opd';
import { Scroll } from '../keuangan-input/Scroll';
import { CODES, pageCount, recentMonths } from './attendance';
import { useAttendanceAccess } from './parts';

const PAGE = 25;

type Summary = {
  employees: number;
  skipped: string[];
  events: string[];
  month: string;
  opdId: string;
};

/**
 * Rekap kehadiran: an OPD's month computed from the machines' scans, leave and fault days, per staff
 * member and in total; an ended month recorded as the TPP pay input; the month's machine-fault days.
 */
export function RecapPage() {
  const access = useAttendanceAccess('recap');
  const today = todayInJakarta();
  const months = useMemo(() => recentMonths(today), [today]);
  const {
    opdList,
    opdOptions,
    opdId,
    time: month,
    choose,
  } = useOpdAndTime({
    anyOpd: access.anyOpd,
    headOf: access.own,
    timeParam: 'bulan',
    times: months,
  });
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('halaman')) || 1);
  const setPage = (p: number) =>
    setParams((old) => {
      const next = new URLSearchParams(old);
      next.set('opd', opdId);
      next.set('bulan', month);
      next.set('halaman', String(p));
      return next;
    });
  const recap = useQuery({
    queryKey: ['attendance-recap', opdId, month, page],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/attendance/opds/{opdId}/months/{month}', {
          params: { path: { opdId, month }, query: { limit: PAGE, offset: (page - 1) * PAGE } },
        }),
      ),
    enabled: !!opdId,
  });
  const r = recap.data;
  const canAct = access.canAct(opdId);
  return (
    <Page
      title="Rekap kehadiran"
      description="Kehadiran pegawai satu OPD dalam sebulan, dihitung dari log mesin presensi, cuti dan dinas, serta hari gangguan mesin."
      loading={access.anyOpd && opdList.isPending}
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
      <ErrorNote error={recap.error} title="Rekap kehadiran tidak dapat dimuat" />
      {r && (
        <Stack gap="md" data-testid="rekap">
          {r.calendarMissing && (
            <Alert color="yellow" title="Kalender libur belum tersedia">
              Kalender libur nasional tahun ini belum ada, sehingga hari libur dihitung sebagai hari kerja.
            </Alert>
          )}
          <RecapFiles opdId={opdId} month={month} />
          <SimpleGrid cols={{ base: 2, xs: 3, md: 5 }} data-testid="total">
            <Stat label="Pegawai" value={r.employees} testId="total-pegawai" />
            {CODES.map((c) => (
              <Stat key={c} label={c} value={r.totals[c] ?? 0} testId={`total-${c}`} />
            ))}
          </SimpleGrid>
          <Title order={2} size="h4">
            Pegawai
          </Title>
          {r.items.length === 0 ? (
            <Empty>Tidak ada pegawai aktif di OPD ini pada bulan itu.</Empty>
          ) : (
            <>
              <Box visibleFrom="sm">
                <Scroll label="Rekap kehadiran per pegawai" minWidth={960}>
                  <Table striped highlightOnHover aria-label="Rekap kehadiran per pegawai">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Nama</Table.Th>
                        <Table.Th>NIP</Table.Th>
                        <Table.Th>Hari kerja</Table.Th>
                        <Table.Th>Hadir</Table.Th>
                        <Table.Th>Dikecualikan</Table.Th>
                        <Table.Th>Tidak hadir</Table.Th>
                        {CODES.map((c) => (
                          <Table.Th key={c}>{c}</Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {r.items.map((e) => (
                        <Table.Tr key={e.nip} data-testid={`rekap-${e.nip}`}>
                          <Table.Td>
                            <Anchor component={Link} to={`/presensi/${e.nip}?bulan=${month}`}>
                              {e.name}
                            </Anchor>
                          </Table.Td>
                          <Table.Td style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{e.nip}</Table.Td>
                          <Table.Td>{e.workingDays}</Table.Td>
                          <Table.Td>{e.presentDays}</Table.Td>
                          <Table.Td>{e.excusedDays}</Table.Td>
                          <Table.Td>{e.absentDays}</Table.Td>
                          {CODES.map((c) => (
                            <Table.Td key={c}>{e.counts[c] ?? 0}</Table.Td>
                          ))}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Scroll>
              </Box>
              <Stack gap="xs" hiddenFrom="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {r.items.map((e) => (
                  <Card component="li" key={e.nip} withBorder padding="sm" data-testid={`rekap-kartu-${e.nip}`}>
                    <Anchor component={Link} to={`/presensi/${e.nip}?bulan=${month}`} fw={600}>
                      {e.name}
                    </Anchor>
                    <Text size="sm" c="dimmed">
                      NIP {e.nip}
                    </Text>
                    <Text size="sm">
                      {e.workingDays} hari kerja · {e.presentDays} hadir · {e.excusedDays} dikecualikan · {e.absentDays} tidak hadir
                    </Text>
                    <Text size="sm" c="dimmed">
                      {CODES.filter((c) => (e.counts[c] ?? 0) > 0)
                        .map((c) => `${c} ${e.counts[c]}`)
                        .join(' · ') || 'Tanpa catatan TL, PSW, atau TK'}
                    </Text>
                  </Card>
                ))}
              </Stack>
            </>
          )}
          {r.employees > PAGE && (
            <Pagination
              total={pageCount(r.employees, PAGE)}
              value={page}
              onChange={setPage}
              size="sm"
              siblings={1}
              boundaries={1}
              getItemProps={(p) => ({ 'aria-label': `Halaman ${p}` })}
              getControlProps={(c) => ({
                'aria-label': {
                  first: 'Halaman pertama',
                  last: 'Halaman terakhir',
                  next: 'Halaman berikutnya',
                  previous: 'Halaman sebelumnya',
                }[c],
              })}
            />
          )}
          {canAct && <RecordForTpp opdId={opdId} month={month} />}
        </Stack>
      )}
      {opdId && <FaultDays opdId={opdId} month={month} canAct={canAct} />}
    </Page>
  );
}

function Stat({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg">
        {value.toLocaleString('id-ID')}
      </Text>
    </Card>
  );
}

/** "Catat untuk TPP": the ended month's recap recorded as the pay input, after a confirmation saying so. */
function RecordForTpp({ opdId, month }: { opdId: string; month: string }) {
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState<Summary | null>(null);
  const record = useCommand<void, Summary>(
    (_, key) =>
      unwrap(
        api.POST('/api/v1/attendance/opds/{opdId}/months/{month}/summary', {
          params: { path: { opdId, month } },
          headers: commandHeaders(key),
        }),
      ),
    {
      invalidates: [['attendance-recap', opdId, month]],
      onSuccess: (s) => {
        setDone(s);
        setAsking(false);
      },
    },
  );
  const shown = done && done.opdId === opdId && done.month === month ? done : null;
  return (
    <Card withBorder padding="md" data-testid="catat-tpp">
      <Title order={2} size="h4" mb="xs">
        Masukan TPP
      </Title>
      <Text size="sm" mb="sm">
        Setelah bulan berakhir, rekap ini dicatat sebagai masukan kehadiran (TL, PSW, TK) untuk penghitungan TPP {formatMonth(month)}.
      </Text>
      {!asking ? (
        <Button
          onClick={() => {
            setAsking(true);
            record.reset();
          }}
        >
          Catat untuk TPP
        </Button>
      ) : (
        <Alert color="blue" title="Catat rekap untuk TPP?" data-testid="konfirmasi-catat">
          <Text size="sm" mb="sm">
            Jumlah TL, PSW, dan TK setiap pegawai {opdId} pada {formatMonth(month)}, seperti dihitung di atas, dicatat sebagai masukan
            kehadiran penggajian TPP. Catatan ini tidak dapat diubah; perubahan berikutnya dicatat sebagai rekap baru.
          </Text>
          <Group gap="sm">
            <Button onClick={() => record.mutate()} loading={record.isPending}>
              Ya, catat untuk TPP
            </Button>
            <Button variant="default" onClick={() => setAsking(false)} disabled={record.isPending}>
              Batal
            </Button>
          </Group>
        </Alert>
      )}
      <Box mt="sm">
        <ErrorNote error={record.error} title="Rekap tidak dicatat" />
      </Box>
      {shown && (
        <Alert color="green" role="status" mt="sm" title={shown.events.length ? 'Rekap tercatat untuk TPP' : 'Rekap sudah tercatat'}>
          <Text size="sm" data-testid="hasil-catat">
            {shown.events.length
              ? `${shown.employees} pegawai tercatat sebagai masukan TPP ${formatMonth(shown.month)}.`
              : `Rekap ${formatMonth(shown.month)} yang sama sudah tercatat sebelumnya (${shown.employees} pegawai); tidak ada yang ditambahkan.`}
          </Text>
          {shown.skipped.length > 0 && (
            <Text size="sm" mt={4}>
              {shown.skipped.length} pegawai tidak dicatat karena belum ada di daftar penerima TPP: {shown.skipped.join(', ')}.
            </Text>
          )}
        </Alert>
      )}
    </Card>
  );
}

/** The month's declared machine-fault days, and the form to declare one (the OPD's admin, BKPSDM). */
function FaultDays({ opdId, month, canAct }: { opdId: string; month: string; canAct: boolean }) {
  const [form, setForm] = useState({ date: '', reason: '' });
  const [declared, setDeclared] = useState<string | null>(null);
  const faults = useQuery({
    queryKey: ['attendance-faults', opdId, month],
    queryFn: () => unwrap(api.GET('/api/v1/attendance/opds/{opdId}/fault-days', { params: { path: { opdId }, query: { month } } })),
    // The list is a read model: a day just declared appears once it has caught up.
    refetchInterval: (q) => (declared?.startsWith(month) && !q.state.data?.items.some((f) => f.date === declared) ? 1000 : false),
  });
  const days = daysOfMonth(month);
  const declare = useCommand<{ date: string; reason: string }, unknown>(
    (body, key) =>
      unwrap(
        api.POST('/api/v1/attendance/opds/{opdId}/fault-days', {
          params: { path: { opdId } },
          body,
          headers: commandHeaders(key),
        }),
      ),
    {
      invalidates: [
        ['attendance-faults', opdId, month],
        ['attendance-recap', opdId, month],
      ],
      onSuccess: (_, v) => {
        setDeclared(v.date);
        setForm({ date: '', reason: '' });
      },
    },
  );
  const items = faults.data?.items ?? [];
  return (
    <Card withBorder padding="md" data-testid="gangguan">
      <Title order={2} size="h4" mb="xs">
        Gangguan mesin presensi
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Hari ketika mesin presensi OPD rusak. Pada hari itu tidak ada pegawai yang dihitung terlambat, pulang cepat, atau tidak hadir.
      </Text>
      <ErrorNote error={faults.error} title="Hari gangguan tidak dapat dimuat" />
      {faults.data &&
        (items.length === 0 ? (
          <Empty>Tidak ada gangguan mesin yang dinyatakan pada {formatMonth(month)}.</Empty>
        ) : (
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {items.map((f) => (
              <Card component="li" key={f.date} withBorder padding="xs" data-testid="hari-gangguan">
                <Text size="sm" fw={600}>
                  {formatDate(f.date)}
                </Text>
                <Text size="sm">{f.reason}</Text>
                <Text size="xs" c="dimmed">
                  Dinyatakan oleh {f.declaredBy}, {formatInstant(f.declaredAt)}
                </Text>
              </Card>
            ))}
          </Stack>
        ))}
      {canAct && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setDeclared(null);
            declare.mutate({ date: form.date, reason: form.reason.trim() });
          }}
        >
          <Stack gap="sm" mt="md" maw={520}>
            <Title order={3} size="h5">
              Nyatakan gangguan
            </Title>
            <TextInput
              type="date"
              label="Tanggal"
              min={days[0]}
              max={days[days.length - 1]}
              value={form.date}
              onChange={(e) => {
                const date = e.currentTarget.value;
                setForm((f) => ({ ...f, date }));
              }}
              required
            />
            <Textarea
              label="Alasan"
              description="Misalnya: mesin presensi mati karena listrik padam sepanjang hari."
              value={form.reason}
              onChange={(e) => {
                const reason = e.currentTarget.value;
                setForm((f) => ({ ...f, reason }));
              }}
              maxLength={2000}
              autosize
              minRows={2}
              required
            />
            <Group>
              <Button type="submit" loading={declare.isPending} disabled={!form.date || !form.reason.trim()}>
                Nyatakan gangguan
              </Button>
            </Group>
            <ErrorNote error={declare.error} title="Gangguan tidak dicatat" />
            {declared && (
              <Alert color="green" role="status">
                Gangguan mesin pada {formatDate(declared)} tercatat.
              </Alert>
            )}
          </Stack>
        </form>
      )}
    </Card>
  );
}

/** The recap as the documents a Pemda files: PDF and Excel, fetched with the token and saved. */
function RecapFiles({ opdId, month }: { opdId: string; month: string }) {
  const [busy, setBusy] = useState<'pdf' | 'xlsx' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const get = async (ext: 'pdf' | 'xlsx') => {
    setBusy(ext);
    setError(null);
    try {
      const params = { params: { path: { opdId, month } }, parseAs: 'blob' as const };
      const blob =
        ext === 'pdf'
          ? await unwrap(api.GET('/api/v1/attendance/opds/{opdId}/months/{month}/recap.pdf', params))
          : await unwrap(api.GET('/api/v1/attendance/opds/{opdId}/months/{month}/recap.xlsx', params));
      saveBlob(blob as Blob, `rekap-kehadiran-${opdId}-${month}.${ext}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div>
      <Group gap="sm">
        <Button variant="default" loading={busy === 'pdf'} onClick={() => void get('pdf')}>
          Unduh rekap (PDF)
        </Button>
        <Button variant="default" loading={busy === 'xlsx'} onClick={() => void get('xlsx')}>
          Unduh rekap (Excel)
        </Button>
      </Group>
      <ErrorNote error={error} title="Rekap tidak dapat diunduh" />
    </div>
  );
}
