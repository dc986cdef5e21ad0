import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Card,
  FileButton,
  Group,
  Modal,
  NativeSelect,
  Pagination,
  Radio,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { saveBlob } from '../../api/download';
import { postWithProgress } from '../../api/upload';
import { ErrorNote } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatInstant, formatMonth, formatPeriod } from '../../format';
import { useCommand } from '../../hooks/command';
import { label, PREDIKAT_LABEL } from '../../i18n/terms';
import { useSession } from '../../session/hooks';
import { Scroll } from '../keuangan-input/Scroll';
import { monthsAround } from '../keuangan-input/report';
import { useOpdList } from '../kalibrasi/opd';
import {
  isPeriod,
  KIND_LABEL,
  quartersOf,
  reportRows,
  SOURCE_LABEL,
  STATUS_OPTIONS,
  STATUS_PARAM,
  toBase64,
  type RowErrorIn,
  type Source,
} from './bkn';

const PAGE_SIZE = 20;
const MAX_BYTES = 10 * 1024 * 1024;
const KEY = 'bkn-differences';

type DifferencesPage = Awaited<ReturnType<typeof fetchDifferences>>;
type Difference = DifferencesPage['list']['differences'][number];

interface ImportReport {
  period: string;
  months: string[];
  fileName: string;
  format: 'csv' | 'xlsx';
  dryRun: boolean;
  rows: number;
  valid: number;
  errors: RowErrorIn[];
  appended: number;
  importId: string;
}

async function fetchDifferences(month: string, opdId: string, status: 'unresolved' | 'resolved' | 'all', page: number) {
  const q = { month, ...(opdId ? { opdId } : {}) };
  const [list, open] = await Promise.all([
    unwrap(
      api.GET('/api/v1/reconciliation/bkn/differences', {
        params: { query: { ...q, status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } },
      }),
    ),
    status === 'unresolved'
      ? null
      : unwrap(
          api.GET('/api/v1/reconciliation/bkn/differences', { params: { query: { ...q, status: 'unresolved', limit: 1, offset: 0 } } }),
        ),
  ]);
  return { list, unresolved: open ? open.total : list.total };
}

/**
 * Rekonsiliasi e-Kinerja BKN: BKPSDM uploads the predikat export of e-Kinerja BKN for a month or a
 * quarter (checked first, every bad row named; imported after), reads the differences with kinerja's
 * issued predikat by month, OPD and status, and resolves each with the predikat to pay and a reason;
 * BPKAD and the inspectorate read. While a month has an unresolved difference its TPP runs cannot be
 * submitted. The month, OPD, status and page live in the address (`?bulan=&opd=&status=&halaman=`).
 */
export function ReconciliationPage() {
  const roles = useSession()?.claims.roles ?? [];
  const admin = roles.includes('admin_kepegawaian');
  const months = monthsAround(todayInJakarta());
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(params.get('bulan') ?? '') ? params.get('bulan')! : months[1];
  const opd = params.get('opd') ?? '';
  const statusParam = STATUS_PARAM.has(params.get('status') ?? '') ? params.get('status')! : 'belum';
  const status = STATUS_PARAM.get(statusParam)!;
  const page = Math.max(1, Number(params.get('halaman')) || 1);
  const set = (next: { bulan?: string; opd?: string; status?: string; halaman?: number }) => {
    const p = new URLSearchParams();
    p.set('bulan', next.bulan ?? month);
    const o = next.opd ?? opd;
    if (o) p.set('opd', o);
    const s = next.status ?? statusParam;
    if (s !== 'belum') p.set('status', s);
    const h = next.halaman ?? 1;
    if (h > 1) p.set('halaman', String(h));
    setParams(p, { replace: true });
  };
  const opds = useOpdList(true);
  // What the page waits to see in the read model: an import, or resolutions just recorded.
  const [awaiting, setAwaiting] = useState<{ importId?: string; nips: ReadonlySet<string> }>({ nips: new Set() });
  const waitsFor = (d: DifferencesPage | undefined) => {
    if (!d) return false;
    if (awaiting.importId && !d.list.imports.some((i) => i.importId === awaiting.importId)) return true;
    return d.list.differences.some((x) => awaiting.nips.has(`${x.month}|${x.nip}`) && !x.resolved);
  };
  const differences = useQuery({
    queryKey: [KEY, month, opd, status, page],
    queryFn: () => fetchDifferences(month, opd, status, page),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (waitsFor(q.state.data) ? 800 : false),
  });
  const data = differences.data;
  useEffect(() => {
    if (data && !waitsFor(data) && (awaiting.importId || awaiting.nips.size)) setAwaiting({ nips: new Set() });
  }, [data]);
  const [resolving, setResolving] = useState<Difference | null>(null);
  const imports = (data?.list.imports ?? []).filter((i) => i.month === month);
  const items = data?.list.differences ?? [];
  const pages = data ? Math.ceil(data.list.total / PAGE_SIZE) : 0;

  return (
    <Page
      title="Rekonsiliasi e-Kinerja BKN"
      description="Perbandingan predikat kinerja yang diterbitkan di kinerja dengan ekspor predikat e-Kinerja BKN. Setiap perbedaan diselesaikan dengan memilih predikat yang dibayar beserta alasannya."
      error={differences.error}
    >
      {admin && (
        <Upload
          defaultPeriod={month}
          months={months}
          onImported={(report) => {
            setAwaiting({ importId: report.importId, nips: new Set() });
            if (!report.months.includes(month)) set({ bulan: report.months[0] });
          }}
        />
      )}
      <section aria-labelledby="judul-perbedaan">
        <Title order={2} size="h4" mb="xs" id="judul-perbedaan">
          Perbedaan predikat {formatMonth(month)}
        </Title>
        <Group align="flex-end" wrap="wrap" gap="sm" mb="sm">
          <NativeSelect
            label="Bulan"
            value={month}
            onChange={(e) => set({ bulan: e.currentTarget.value })}
            data={[...new Set([month, ...months])].map((m) => ({ value: m, label: formatMonth(m) }))}
          />
          <NativeSelect
            label="OPD"
            value={opd}
            onChange={(e) => set({ opd: e.currentTarget.value })}
            data={[{ value: '', label: 'Semua OPD' }, ...(opds.data ?? [])]}
          />
          <NativeSelect
            label="Status"
            value={statusParam}
            onChange={(e) => set({ status: e.currentTarget.value })}
            data={STATUS_OPTIONS.map((o) => ({ ...o }))}
          />
        </Group>
        {data && <Banner month={month} unresolved={data.unresolved} imports={imports} />}
        {differences.isPending && <Text size="sm">Memuat…</Text>}
        {data && (
          <Stack gap="sm" mt="sm" data-testid="perbedaan">
            <Text size="sm" c="dimmed" aria-live="polite">
              {data.list.total.toLocaleString('id-ID')} perbedaan{' '}
              {statusParam === 'belum' ? 'belum diselesaikan' : statusParam === 'sudah' ? 'sudah diselesaikan' : ''}
            </Text>
            {items.length === 0 ? (
              <Empty>
                {imports.length === 0
                  ? `Belum ada ekspor e-Kinerja BKN untuk ${formatMonth(month)}.`
                  : 'Tidak ada perbedaan dengan status ini.'}
              </Empty>
            ) : (
              <>
                <Table.ScrollContainer minWidth={860} visibleFrom="md">
                  <Table striped aria-label={`Perbedaan predikat ${formatMonth(month)}`}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Pegawai</Table.Th>
                        <Table.Th>Jenis</Table.Th>
                        <Table.Th>Predikat kinerja</Table.Th>
                        <Table.Th>Predikat e-Kinerja BKN</Table.Th>
                        <Table.Th>Dibayar</Table.Th>
                        <Table.Th>Penyelesaian</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {items.map((d) => (
                        <Table.Tr key={`${d.month}|${d.nip}`} data-testid="baris-perbedaan" data-nip={d.nip} data-resolved={d.resolved}>
                          <Table.Td>
                            <Text size="sm" fw={600}>
                              {d.name}
                            </Text>
                            <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                              NIP {d.nip}
                              {d.opdId ? ` · ${d.opdId}` : ''}
                            </Text>
                          </Table.Td>
                          <Table.Td>{label(KIND_LABEL, d.kind)}</Table.Td>
                          <Table.Td>{label(PREDIKAT_LABEL, d.kinerja)}</Table.Td>
                          <Table.Td>{label(PREDIKAT_LABEL, d.bkn)}</Table.Td>
                          <Table.Td>{label(PREDIKAT_LABEL, d.paid)}</Table.Td>
                          <Table.Td>
                            <Resolution d={d} admin={admin} onResolve={() => setResolving(d)} />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <Stack gap="xs" hiddenFrom="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {items.map((d) => (
                    <Card
                      component="li"
                      key={`${d.month}|${d.nip}`}
                      withBorder
                      padding="sm"
                      data-testid="kartu-perbedaan"
                      data-nip={d.nip}
                      data-resolved={d.resolved}
                    >
                      <Text fw={600}>{d.name}</Text>
                      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                        NIP {d.nip}
                        {d.opdId ? ` · ${d.opdId}` : ''}
                      </Text>
                      <Text size="sm" mt={4}>
                        {label(KIND_LABEL, d.kind)}
                      </Text>
                      <Group gap="md" mt={4} wrap="wrap">
                        <Pair name="kinerja" value={label(PREDIKAT_LABEL, d.kinerja)} />
                        <Pair name="e-Kinerja BKN" value={label(PREDIKAT_LABEL, d.bkn)} />
                        <Pair name="Dibayar" value={label(PREDIKAT_LABEL, d.paid)} />
                      </Group>
                      <div style={{ marginTop: 8 }}>
                        <Resolution d={d} admin={admin} onResolve={() => setResolving(d)} />
                      </div>
                    </Card>
                  ))}
                </Stack>
              </>
            )}
            {pages > 1 && (
              <Pagination
                total={pages}
                value={page}
                onChange={(p) => set({ halaman: p })}
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
          </Stack>
        )}
      </section>
      {admin && <SiasnExport months={months} defaultPeriod={month} opdId={opd} />}
      {resolving && (
        <ResolveModal
          d={resolving}
          onClose={() => setResolving(null)}
          onResolved={(d) => {
            setResolving(null);
            setAwaiting((a) => ({ ...a, nips: new Set([...a.nips, `${d.month}|${d.nip}`]) }));
          }}
        />
      )}
    </Page>
  );
}

function Pair({ name, value }: { name: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {name}
      </Text>
      <Text size="sm" fw={600}>
        {value}
      </Text>
    </div>
  );
}

/** Whether a month's TPP runs may be submitted, said where nobody misses it. */
function Banner({
  month,
  unresolved,
  imports,
}: {
  month: string;
  unresolved: number;
  imports: ReadonlyArray<{ fileName: string; rowCount: number; importedAt: string; period: string }>;
}) {
  const latest = imports[imports.length - 1];
  const source = latest
    ? `Ekspor yang berlaku: ${latest.fileName} (${formatPeriod(latest.period)}, ${latest.rowCount.toLocaleString('id-ID')} baris), diimpor ${formatInstant(latest.importedAt)}.`
    : null;
  if (!latest)
    return (
      <Alert color="gray" variant="light" title="Belum ada ekspor e-Kinerja BKN" data-testid="status-bulan">
        <Text size="sm">
          Belum ada ekspor e-Kinerja BKN untuk {formatMonth(month)}, sehingga pengajuan TPP bulan ini tidak diperiksa terhadapnya.
        </Text>
      </Alert>
    );
  if (unresolved > 0)
    return (
      <Alert
        color="red"
        variant="light"
        title={`${unresolved} perbedaan belum diselesaikan`}
        data-testid="status-bulan"
        data-unresolved={unresolved}
      >
        <Text size="sm">
          Selama masih ada perbedaan yang belum diselesaikan, penghitungan TPP {formatMonth(month)} tidak dapat diajukan (kode
          PREDIKAT_SOURCES_DISAGREE). Selesaikan setiap perbedaan dengan memilih predikat yang dibayar dan alasannya.
        </Text>
        <Text size="xs" mt={4}>
          {source}
        </Text>
      </Alert>
    );
  return (
    <Alert color="green" variant="light" title="Semua perbedaan sudah diselesaikan" data-testid="status-bulan" data-unresolved={0}>
      <Text size="sm">Penghitungan TPP {formatMonth(month)} dapat diajukan tanpa hambatan dari rekonsiliasi.</Text>
      <Text size="xs" mt={4}>
        {source}
      </Text>
    </Alert>
  );
}

/** A difference's resolution, or the button that opens one (BKPSDM only). */
function Resolution({ d, admin, onResolve }: { d: Difference; admin: boolean; onResolve(): void }) {
  const r = d.resolution;
  return (
    <Stack gap={4} align="flex-start">
      {d.resolved && r ? (
        <>
          <Badge color="green" variant="light">
            Diselesaikan
          </Badge>
          <Text size="sm">
            Dipilih {label(SOURCE_LABEL, r.choice)}: {label(PREDIKAT_LABEL, r.predikat)}
          </Text>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            “{r.reason}” — {r.by ?? 'sistem'}, {formatInstant(r.at)}
          </Text>
        </>
      ) : (
        <>
          <Badge color="red" variant="light">
            Belum diselesaikan
          </Badge>
          {r && (
            <Text size="xs" c="dimmed">
              Pilihan sebelumnya ({label(SOURCE_LABEL, r.choice)}) tidak berlaku lagi karena predikatnya berubah.
            </Text>
          )}
          {admin && (
            <Button size="xs" onClick={onResolve} aria-label={`Selesaikan perbedaan ${d.name}`}>
              Selesaikan
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}

function ResolveModal({ d, onClose, onResolved }: { d: Difference; onClose(): void; onResolved(d: Difference): void }) {
  const available = (s: Source) => (s === 'KINERJA' ? d.kinerja : d.bkn) !== null;
  const initial: Source = available(d.proposal) ? d.proposal : d.proposal === 'KINERJA' ? 'BKN' : 'KINERJA';
  const [choice, setChoice] = useState<Source>(initial);
  const [reason, setReason] = useState('');
  const [empty, setEmpty] = useState(false);
  const resolve = useCommand(
    (body: { choice: Source; reason: string }, key: string) =>
      unwrap(
        api.POST('/api/v1/reconciliation/bkn/{month}/differences/{nip}/resolve', {
          params: { path: { month: d.month, nip: d.nip } },
          body,
          headers: commandHeaders(key),
        }),
      ),
    { invalidates: [[KEY]], onSuccess: () => onResolved(d) },
  );
  const submit = () => {
    if (!reason.trim()) return setEmpty(true);
    setEmpty(false);
    resolve.mutate({ choice, reason: reason.trim() });
  };
  return (
    <Modal opened onClose={onClose} title="Selesaikan perbedaan predikat" size="lg" closeButtonProps={{ 'aria-label': 'Tutup' }}>
      <Stack gap="sm">
        <Text size="sm">
          {d.name} (NIP {d.nip}), {formatMonth(d.month)}: {label(KIND_LABEL, d.kind).toLowerCase()}. Usulan kebijakan:{' '}
          {label(SOURCE_LABEL, d.proposal)}.
        </Text>
        <Radio.Group label="Predikat yang dibayar" value={choice} onChange={(v) => setChoice(v as Source)} required>
          <Stack gap="xs" mt="xs">
            {(['KINERJA', 'BKN'] as const).map((s) => (
              <Radio
                key={s}
                value={s}
                disabled={!available(s)}
                label={`${label(SOURCE_LABEL, s)}: ${s === 'KINERJA' ? label(PREDIKAT_LABEL, d.kinerja) : label(PREDIKAT_LABEL, d.bkn)}${s === d.proposal ? ' (usulan kebijakan)' : ''}`}
              />
            ))}
          </Stack>
        </Radio.Group>
        <Textarea
          label="Alasan"
          description="Dicatat bersama pilihan dan nama Anda; terlihat oleh BPKAD dan Inspektorat."
          required
          autosize
          minRows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={empty ? 'Alasan wajib diisi.' : undefined}
        />
        <ErrorNote error={resolve.error} title="Perbedaan tidak dapat diselesaikan" />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Batal
          </Button>
          <Button onClick={submit} loading={resolve.isPending}>
            Simpan penyelesaian
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function periodOptions(months: readonly string[], chosen: string) {
  const ms = [...new Set([...(isPeriod(chosen) && !chosen.includes('Q') ? [chosen] : []), ...months])];
  const qs = [...new Set([...(chosen.includes('Q') ? [chosen] : []), ...quartersOf(ms)])];
  return [
    { group: 'Bulan', items: ms.map((m) => ({ value: m, label: formatMonth(m) })) },
    { group: 'Triwulan', items: qs.map((q) => ({ value: q, label: formatPeriod(q) })) },
  ];
}

/** Upload an export for a period: "Periksa" (a dry run, every bad row named), then "Impor". */
function Upload({
  defaultPeriod,
  months,
  onImported,
}: {
  defaultPeriod: string;
  months: readonly string[];
  onImported(r: ImportReport): void;
}) {
  const [period, setPeriod] = useState(defaultPeriod);
  const [file, setFile] = useState<{ name: string; base64: string; size: number } | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const [checked, setChecked] = useState<{ period: string; base64: string; report: ImportReport } | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);
  const [progress, setProgress] = useState(0);
  const send = (dryRun: boolean) => (_: void, key: string) =>
    postWithProgress<ImportReport>({
      path: `/api/v1/reconciliation/bkn/${encodeURIComponent(period)}/import`,
      body: JSON.stringify({ fileName: file!.name, contentBase64: file!.base64, dryRun }),
      contentType: 'application/json',
      headers: commandHeaders(key),
      onProgress: (loaded, total) => setProgress(total ? Math.round((loaded / total) * 100) : 0),
    });
  const dry = useCommand<void, ImportReport>(send(true), {
    onSuccess: (report) => setChecked({ period, base64: file!.base64, report }),
  });
  const run = useCommand<void, ImportReport>(send(false), {
    invalidates: [[KEY]],
    onSuccess: (report) => {
      setDone(report);
      setChecked(null);
      onImported(report);
    },
  });
  const current = checked && file && checked.period === period && checked.base64 === file.base64 ? checked : null;
  const rows = current ? reportRows(current.report.errors) : [];
  const choose = async (f: File | null) => {
    setDone(null);
    setTooLarge(false);
    if (!f) return;
    if (f.size > MAX_BYTES) {
      setFile(null);
      setTooLarge(true);
      return;
    }
    setFile({ name: f.name, size: f.size, base64: toBase64(new Uint8Array(await f.arrayBuffer())) });
  };
  const pending = dry.isPending || run.isPending;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="judul-unggah">
      <Title order={2} size="h4" mb="xs" id="judul-unggah">
        Unggah ekspor e-Kinerja BKN
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Berkas .xlsx atau .csv seperti yang diunduh dari e-Kinerja BKN (kolom NIP, NAMA, PERIODE, HASIL KERJA, PERILAKU, PREDIKAT). Berkas
        diperiksa dahulu; tidak ada yang disimpan sebelum semua barisnya benar.
      </Text>
      <Stack gap="sm">
        <NativeSelect
          label="Periode ekspor"
          value={period}
          onChange={(e) => {
            setPeriod(e.currentTarget.value);
            setDone(null);
          }}
          data={periodOptions(months, period)}
        />
        <Group gap="sm" wrap="wrap">
          <FileButton
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(f) => void choose(f)}
          >
            {(props) => (
              <Button variant="default" {...props}>
                Pilih berkas (.xlsx atau .csv)
              </Button>
            )}
          </FileButton>
          <Text size="sm" data-testid="berkas-terpilih" style={{ overflowWrap: 'anywhere' }}>
            {file ? `${file.name} (${Math.ceil(file.size / 1024).toLocaleString('id-ID')} KB)` : 'Belum ada berkas dipilih.'}
          </Text>
        </Group>
        {tooLarge && (
          <Text size="sm" c="red.8" role="alert">
            Berkas terlalu besar (paling besar 10 MB).
          </Text>
        )}
        <Group gap="sm">
          <Button variant="default" onClick={() => dry.mutate()} loading={dry.isPending} disabled={!file || pending}>
            Periksa
          </Button>
          <Button
            onClick={() => run.mutate()}
            loading={run.isPending}
            disabled={!current || current.report.errors.length > 0 || current.report.valid === 0 || pending}
          >
            Impor
          </Button>
        </Group>
        {pending && (
          <Text size="sm" role="status">
            Mengunggah… {progress}%
          </Text>
        )}
        <ErrorNote error={dry.error} title="Berkas tidak dapat diperiksa" />
        <ErrorNote error={run.error} title="Impor tidak berhasil" />
        {done && (
          <Alert color="green" role="status" title="Impor berhasil">
            {done.appended === 0
              ? `Berkas ini sudah menjadi ekspor yang berlaku untuk ${formatPeriod(done.period)}; tidak ada yang berubah.`
              : `${done.valid.toLocaleString('id-ID')} baris ekspor ${formatPeriod(done.period)} tersimpan. Perbedaannya tampil di bawah.`}
          </Alert>
        )}
        {current && (
          <Card withBorder padding="sm" data-testid="laporan-periksa">
            <Title order={3} size="h5" mb="xs">
              Hasil pemeriksaan
            </Title>
            <Group gap="xs" mb="sm">
              <Badge variant="light">{current.report.rows} baris</Badge>
              <Badge variant="light" color="green">
                {current.report.valid} benar
              </Badge>
              <Badge variant="light" color={rows.length ? 'red' : 'gray'}>
                {rows.length} salah
              </Badge>
            </Group>
            {rows.length === 0 ? (
              <Text size="sm">Semua baris benar. Belum ada yang disimpan: tekan “Impor” untuk menyimpannya.</Text>
            ) : (
              <>
                <Text size="sm" mb="xs">
                  Perbaiki baris berikut di berkas, lalu pilih dan periksa lagi. Belum ada data yang disimpan.
                </Text>
                <Scroll label="Baris yang salah" minWidth={520}>
                  <Table striped aria-label="Baris yang salah">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Baris</Table.Th>
                        <Table.Th>Kolom</Table.Th>
                        <Table.Th>NIP</Table.Th>
                        <Table.Th>Alasan</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map((r, i) => (
                        <Table.Tr key={i} data-testid="baris-salah">
                          <Table.Td>{r.line ?? '–'}</Table.Td>
                          <Table.Td>{r.column}</Table.Td>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.nip || '–'}</Table.Td>
                          <Table.Td>
                            {r.reason}{' '}
                            <Text span size="xs" c="dimmed">
                              ({r.code})
                            </Text>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Scroll>
              </>
            )}
          </Card>
        )}
      </Stack>
    </Card>
  );
}

/** kinerja's issued periodic appraisals of a period as SIASN's periodic-performance rows (CSV). */
function SiasnExport({ months, defaultPeriod, opdId }: { months: readonly string[]; defaultPeriod: string; opdId: string }) {
  const [period, setPeriod] = useState(defaultPeriod);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const blob = await unwrap(
        api.GET('/api/v1/siasn/periodic-performance/{period}', {
          params: { path: { period }, query: { format: 'csv', ...(opdId ? { opdId } : {}) } },
          parseAs: 'blob',
        }),
      );
      saveBlob(blob as unknown as Blob, `siasn-kinerja-periodik-${period}${opdId ? `-${opdId}` : ''}.csv`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', String(e), {}));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="judul-siasn">
      <Title order={2} size="h4" mb="xs" id="judul-siasn">
        Ekspor untuk SIASN
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Penilaian kinerja periodik yang diterbitkan di kinerja, dalam bentuk baris kinerja periodik SIASN (CSV)
        {opdId ? ` untuk OPD ${opdId}` : ''}, untuk diunggah ke SIASN.
      </Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect
          label="Periode SIASN"
          value={period}
          onChange={(e) => setPeriod(e.currentTarget.value)}
          data={periodOptions(months, period)}
        />
        <Button variant="light" onClick={() => void download()} loading={busy}>
          Unduh untuk SIASN
        </Button>
      </Group>
      <ErrorNote error={error} title="Berkas tidak dapat diunduh" />
    </Card>
  );
}
