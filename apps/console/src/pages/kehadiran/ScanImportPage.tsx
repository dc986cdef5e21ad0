import { useMemo, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  FileInput,
  Group,
  NativeSelect,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { operations } from '../../api/schema';
import { postWithProgress } from '../../api/upload';
import { ErrorNote } from '../../components/ErrorNote';
import { Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatMonth } from '../../format';
import { Scroll } from '../keuangan-input/Scroll';
import { importQuery, lastEndedMonth, recentMonths, type LineError } from './attendance';
import { LineErrors, OpdChoice, useAttendanceAccess, useOpd } from './parts';

type Report = operations['ScansController_import']['responses'][200]['content']['application/json'];
type Format = 'zkteco' | 'csv';
type Scan = { nip: string; at: string; device: string };

/** A file of at most this many bytes is read in the browser and sent (the API refuses larger with SCAN_FILE_TOO_LARGE). */
const MAX_BYTES = 64 * 1024 * 1024;

/** What was sent, to know whether a report still describes the form. */
const sameChoice = (a: { month: string; format: Format; device: string; file: File | null }, b: typeof a) =>
  a.month === b.month && a.format === b.format && (a.format === 'csv' || a.device === b.device) && a.file === b.file;

/**
 * Impor log presensi: a month's scan log of a machine (ZKTeco) or the generic CSV, sent as the file
 * itself. "Periksa" is a dry run: the lines, scans, duplicates, every bad line, and what the file
 * would add to or drop from what is recorded. "Impor" opens after a clean check; a file that drops
 * recorded scans is imported only as a correction, with its reason.
 */
export function ScanImportPage() {
  const access = useAttendanceAccess('admin');
  const { opdList, options, opdId, choose } = useOpd(access);
  const today = todayInJakarta();
  const months = useMemo(() => recentMonths(today), [today]);
  const [month, setMonth] = useState(() => lastEndedMonth(today));
  const [format, setFormat] = useState<Format>('zkteco');
  const [device, setDevice] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [checked, setChecked] = useState<{ choice: Parameters<typeof sameChoice>[0]; report: Report } | null>(null);
  const [done, setDone] = useState<Report | null>(null);
  const [busy, setBusy] = useState<null | 'check' | 'import'>(null);
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const key = useRef<string | null>(null);
  const client = useQueryClient();

  const devices = useQuery({
    queryKey: ['attendance-devices', opdId],
    queryFn: () => unwrap(api.GET('/api/v1/attendance/devices', { params: { query: { opdId } } })),
    enabled: !!opdId,
  });
  const deviceIds = (devices.data?.devices ?? []).map((d) => d.deviceId);
  const chosenDevice = deviceIds.includes(device) ? device : (deviceIds[0] ?? '');
  const choice = { month, format, device: chosenDevice, file };
  const current = checked && sameChoice(checked.choice, choice) ? checked : null;
  const reset = () => {
    setChecked(null);
    setDone(null);
    setError(null);
    setReason('');
    key.current = null;
  };

  const pickFile = (f: File | null) => {
    reset();
    setFileError(null);
    setFile(null);
    if (!f) return;
    if (f.size === 0) return setFileError('Berkas kosong.');
    if (f.size > MAX_BYTES) return setFileError('Berkas terlalu besar. Bagi berkas per mesin atau per bulan.');
    setFile(f);
  };

  const send = async (dryRun: boolean, correction?: string) => {
    if (!file) return;
    const sent = choice;
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    setProgress(0);
    if (!dryRun) key.current ??= globalThis.crypto.randomUUID();
    try {
      const report = await postWithProgress<Report>({
        path: `/api/v1/attendance/scans/${month}?${importQuery({ format, device: chosenDevice, dryRun, correction })}`,
        body: file,
        contentType: format === 'csv' ? 'text/csv' : 'text/plain',
        headers: { 'Idempotency-Key': dryRun ? globalThis.crypto.randomUUID() : key.current! },
        onProgress: (loaded, total) => setProgress(Math.min(100, Math.round((loaded / Math.max(1, total)) * 100))),
      });
      if (dryRun) setChecked({ choice: sent, report });
      else {
        key.current = null;
        setDone(report);
        setChecked(null);
        setReason('');
        await client.invalidateQueries({ queryKey: ['attendance-recap'] });
      }
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 0) key.current = null;
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const r = current?.report;
  const clean = !!r && r.errors.length === 0;
  const drops = clean && r.comparison.removed > 0;
  const refusedLines: LineError[] =
    error instanceof ApiError && error.code === 'SCAN_IMPORT_HAS_ERRORS' && Array.isArray(error.details.errors)
      ? (error.details.errors as LineError[])
      : [];
  return (
    <Page
      title="Impor log presensi"
      description="Log mesin presensi satu bulan: log ZKTeco dari satu mesin, atau CSV (nip atau pin, waktu, mesin). Berkas diperiksa dahulu; presensi yang sama dihitung sekali, dan berkas perbaikan yang menghapus presensi tercatat hanya diimpor sebagai koreksi beralasan."
      loading={access.anyOpd && opdList.isPending}
      error={opdList.error}
    >
      <Card withBorder padding="md">
        <Stack gap="sm">
          <OpdChoice
            opdId={opdId}
            options={options}
            onOpd={(o) => {
              reset();
              choose(o);
            }}
          />
          <NativeSelect
            label="Bulan"
            maw={320}
            value={month}
            onChange={(e) => {
              reset();
              setMonth(e.currentTarget.value);
            }}
            data={months.map((m) => ({ value: m, label: formatMonth(m) }))}
          />
          <div>
            <Text size="sm" fw={500} id="format-label" mb={4}>
              Format berkas
            </Text>
            <SegmentedControl
              aria-labelledby="format-label"
              data={[
                { value: 'zkteco', label: 'Log ZKTeco (satu mesin)' },
                { value: 'csv', label: 'CSV' },
              ]}
              value={format}
              onChange={(v) => {
                reset();
                setFormat(v as Format);
              }}
            />
          </div>
          {format === 'zkteco' ? (
            <NativeSelect
              label="Mesin"
              maw={320}
              value={chosenDevice}
              onChange={(e) => {
                reset();
                setDevice(e.currentTarget.value);
              }}
              data={deviceIds.length ? deviceIds : [{ value: '', label: 'Belum ada mesin terdaftar' }]}
              description="Log ZKTeco memuat PIN; NIP-nya dibaca dari peta PIN mesin ini."
            />
          ) : (
            <Text size="sm" c="dimmed">
              Baris pertama CSV: nip,timestamp,device (atau pin,timestamp,device). Waktu ditulis TTTT-BB-HH JJ:MM:DD.
            </Text>
          )}
          <FileInput
            label="Berkas log"
            accept=".txt,.dat,.csv,.log,text/plain,text/csv"
            value={file}
            onChange={pickFile}
            error={fileError}
            clearable
            clearButtonProps={{ 'aria-label': 'Hapus pilihan berkas' }}
            maw={520}
          />
          <Group gap="sm">
            <Button
              variant="default"
              onClick={() => void send(true)}
              loading={busy === 'check'}
              disabled={!file || busy !== null || (format === 'zkteco' && !chosenDevice)}
            >
              Periksa
            </Button>
            <Button onClick={() => void send(false)} loading={busy === 'import'} disabled={!clean || drops || busy !== null}>
              Impor
            </Button>
          </Group>
          {busy && (
            <Progress
              value={progress}
              aria-label={busy === 'check' ? 'Mengirim berkas untuk diperiksa' : 'Mengirim berkas untuk diimpor'}
            />
          )}
          {refusedLines.length > 0 ? (
            <Box role="alert">
              <Text size="sm" mb="xs">
                Berkas ditolak: {refusedLines.length} baris salah, tidak ada yang diimpor.
              </Text>
              <LineErrors errors={refusedLines} label="Baris log yang salah" testId="baris-log-ditolak" />
            </Box>
          ) : (
            <ErrorNote error={error} title="Berkas tidak diproses" />
          )}
        </Stack>
      </Card>
      {done && (
        <Alert color="green" role="status" title="Impor selesai" data-testid="hasil-impor">
          {done.appended === 0
            ? `Semua presensi dalam berkas ini sudah tercatat untuk ${formatMonth(done.month)}; tidak ada yang ditambahkan.`
            : `${done.comparison.added.toLocaleString('id-ID')} presensi ditambahkan${
                done.comparison.removed ? ` dan ${done.comparison.removed.toLocaleString('id-ID')} ditarik sebagai koreksi` : ''
              } untuk ${formatMonth(done.month)}; ${done.comparison.unchanged.toLocaleString('id-ID')} tetap.`}
        </Alert>
      )}
      {r && (
        <Card withBorder padding="md" data-testid="laporan-log">
          <Title order={2} size="h4" mb="xs">
            Hasil pemeriksaan
          </Title>
          <Group gap="xs" mb="sm">
            <Badge variant="light">{r.lines.toLocaleString('id-ID')} baris</Badge>
            <Badge variant="light" color="green">
              {r.scans.toLocaleString('id-ID')} presensi
            </Badge>
            <Badge variant="light" color="gray">
              {r.duplicates.toLocaleString('id-ID')} ganda
            </Badge>
            <Badge variant="light" color={r.errors.length ? 'red' : 'gray'}>
              {r.errors.length.toLocaleString('id-ID')} salah
            </Badge>
          </Group>
          {r.duplicates > 0 && (
            <Text size="sm" mb="xs">
              Presensi ganda (pegawai dan waktu yang sama) dihitung sekali.
            </Text>
          )}
          {r.errors.length > 0 ? (
            <>
              <Text size="sm" mb="xs">
                Perbaiki baris berikut, lalu periksa lagi. Berkas dengan baris salah tidak dapat diimpor.
              </Text>
              <LineErrors errors={r.errors} label="Baris log yang salah" testId="baris-log-salah" />
            </>
          ) : (
            <Comparison report={r} />
          )}
          {drops && (
            <Alert color="orange" mt="md" title="Berkas ini menghapus presensi yang sudah tercatat" data-testid="koreksi">
              <Text size="sm" mb="sm">
                {r.comparison.removed.toLocaleString('id-ID')} presensi yang sudah tercatat tidak ada dalam berkas ini. Bila berkas ini
                perbaikan (misalnya jam mesin salah), impor sebagai koreksi dengan alasannya: presensi yang ditarik dan yang ditambahkan
                dicatat bersama alasan itu, dan tidak ada yang dihapus diam-diam.
              </Text>
              <Textarea
                label="Alasan koreksi"
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                maxLength={2000}
                autosize
                minRows={2}
                required
              />
              <Button
                mt="sm"
                color="orange"
                onClick={() => void send(false, reason)}
                loading={busy === 'import'}
                disabled={!reason.trim() || busy !== null}
              >
                Impor sebagai koreksi
              </Button>
            </Alert>
          )}
          {clean && !drops && (
            <Text size="sm" mt="sm">
              Berkas benar. Belum ada yang disimpan: tekan “Impor” untuk menyimpannya.
            </Text>
          )}
        </Card>
      )}
    </Page>
  );
}

function Comparison({ report: r }: { report: Report }) {
  const c = r.comparison;
  return (
    <Stack gap="xs" data-testid="perbandingan">
      <Text size="sm">Dibandingkan dengan presensi yang sudah tercatat untuk {formatMonth(r.month)}:</Text>
      <Group gap="xs">
        <Badge variant="light" color="green">
          {c.added.toLocaleString('id-ID')} ditambah
        </Badge>
        <Badge variant="light" color={c.removed ? 'red' : 'gray'}>
          {c.removed.toLocaleString('id-ID')} dihapus
        </Badge>
        <Badge variant="light" color="gray">
          {c.unchanged.toLocaleString('id-ID')} tetap
        </Badge>
      </Group>
      {c.samples.added.length > 0 && <Samples title="Contoh presensi yang ditambah" scans={c.samples.added} />}
      {c.samples.removed.length > 0 && <Samples title="Contoh presensi yang dihapus" scans={c.samples.removed} />}
    </Stack>
  );
}

function Samples({ title, scans }: { title: string; scans: readonly Scan[] }) {
  return (
    <Box>
      <Title order={3} size="h6" mb={4}>
        {title}
      </Title>
      <Scroll label={title} minWidth={420}>
        <Table striped aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>NIP</Table.Th>
              <Table.Th>Waktu</Table.Th>
              <Table.Th>Mesin</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {scans.map((s, i) => (
              <Table.Tr key={i}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{s.nip}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{s.at}</Table.Td>
                <Table.Td>{s.device}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Scroll>
    </Box>
  );
}
