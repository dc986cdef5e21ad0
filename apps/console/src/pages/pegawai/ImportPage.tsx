import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Button, Card, FileInput, Group, Loader, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { ErrorNote } from '../../components/ErrorNote';
import { Page } from '../../components/Page';
import { formatBytes } from '../../format';
import { CsvRowCounter, importJobViewOf, importProblemsOf, type ImportJobView, type ImportProblem } from './people';
import { IMPORT_FILE_MAX_BYTES, IMPORT_FILE_MAX_ROWS, sendImportFile } from './upload';

const JOB_ID = /^[A-Za-z0-9:_-]{1,100}$/;
/** How often a running job is asked for its progress: the job writes it once a percent. */
const POLL_MS = 1000;

const count = (n: number) => n.toLocaleString('id-ID');

type Sending = { dryRun: boolean; loaded: number; total: number };

/** Rows of a file, read piece by piece (a file of 64 MB is never one string in the page). */
async function rowsOf(file: Blob): Promise<number> {
  const counter = new CsvRowCounter();
  const reader = file.stream().getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) counter.push(r.value);
  return counter.rows;
}

/**
 * Impor pegawai: a SIASN export (CSV, IMPORT.md's columns) is sent as the file itself to
 * POST /api/v1/employees/import/file (up to 100,000 rows), first with ?dryRun=true, which appends
 * nothing; its background job is followed at GET /api/v1/jobs/{id} (the address keeps it as
 * `?proses=`, so a reload follows it still) until every bad row is listed by line, column and reason,
 * or the file passed. Only a file that passed is imported, all or nothing, with the upload's progress
 * and then the job's. Changing the file starts over; leaving the page stops the upload and the polling.
 */
export function ImportPage() {
  const [params, setParams] = useSearchParams();
  const jobParam = params.get('proses') ?? '';
  const jobId = JOB_ID.test(jobParam) ? jobParam : null;

  const [file, setFile] = useState<File | null>(null);
  const [rows, setRows] = useState<number | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [sending, setSending] = useState<Sending | null>(null);
  const [sendError, setSendError] = useState<unknown>(null);
  // The dry run started for the chosen file: only the file whose own check passed may be imported.
  const [dryRunOf, setDryRunOf] = useState<{ jobId: string; file: File } | null>(null);
  // One Idempotency-Key per file imported, kept until the API has answered.
  const key = useRef<string | null>(null);
  const upload = useRef<AbortController | null>(null);
  const chosen = useRef(0);
  const client = useQueryClient();

  // Leaving the page stops the upload (the API keeps nothing of a file cut off).
  useEffect(() => () => upload.current?.abort(), []);

  const job = useQuery({
    queryKey: ['job', jobId],
    queryFn: () => unwrap(api.GET('/api/v1/jobs/{id}', { params: { path: { id: jobId! } } })),
    enabled: !!jobId,
    staleTime: 0,
    refetchOnWindowFocus: false,
    // Polled while the job runs; no longer once it is done or failed, or the page is left (no observer).
    refetchInterval: (q) => {
      if (q.state.error) return false;
      const at = q.state.data ? importJobViewOf(q.state.data).at : 'waiting';
      return at === 'waiting' || at === 'checking' || at === 'importing' ? POLL_MS : false;
    },
  });
  const view: ImportJobView | null = jobId && job.data ? importJobViewOf(job.data) : null;
  const running = !!sending || (!!jobId && (!view || view.at === 'waiting' || view.at === 'checking' || view.at === 'importing'));

  // The register changed: the directory and the org chart are read afresh.
  const imported = view?.at === 'done';
  useEffect(() => {
    if (!imported) return;
    void client.invalidateQueries({ queryKey: ['employees'] });
    void client.invalidateQueries({ queryKey: ['org-chart'] });
  }, [imported, jobId, client]);

  const choose = async (f: File | null) => {
    const turn = ++chosen.current;
    upload.current?.abort();
    setFile(f);
    setRows(null);
    setFileError(null);
    setSendError(null);
    setDryRunOf(null);
    key.current = null;
    if (jobId) setParams({}, { replace: true });
    if (!f) return;
    if (f.size === 0) return setFileError('Berkas kosong.');
    if (f.size > IMPORT_FILE_MAX_BYTES)
      return setFileError(`Berkas terlalu besar (${formatBytes(f.size)}); paling besar ${formatBytes(IMPORT_FILE_MAX_BYTES)}.`);
    if (!/\.(csv|txt)$/i.test(f.name)) return setFileError('Pilih berkas CSV (.csv) hasil ekspor SIASN.');
    const n = await rowsOf(f).catch(() => null);
    if (turn !== chosen.current) return;
    if (n === null) return setFileError('Berkas tidak dapat dibaca. Pilih berkasnya lagi.');
    if (n > IMPORT_FILE_MAX_ROWS)
      return setFileError(
        `Berkas memuat ${count(n)} baris data; paling banyak ${count(IMPORT_FILE_MAX_ROWS)}. Bagi menjadi beberapa berkas.`,
      );
    setRows(n);
  };

  const send = async (dryRun: boolean) => {
    if (!file || rows === null) return;
    if (!dryRun) key.current ??= globalThis.crypto.randomUUID();
    const controller = new AbortController();
    upload.current = controller;
    setSendError(null);
    setSending({ dryRun, loaded: 0, total: file.size });
    try {
      const r = await sendImportFile(file, {
        dryRun,
        ...(dryRun ? {} : { idempotencyKey: key.current! }),
        onProgress: (loaded, total) => setSending({ dryRun, loaded, total }),
        signal: controller.signal,
      });
      if (controller.signal.aborted) return;
      if (dryRun) setDryRunOf({ jobId: r.jobId, file });
      else key.current = null;
      setParams({ proses: r.jobId });
    } catch (e) {
      if (controller.signal.aborted) return;
      // A refusal is an answer: the next import is a new intent. A lost answer keeps the key for the resend.
      if (!dryRun && e instanceof ApiError && e.status !== 0) key.current = null;
      setSendError(e);
    } finally {
      if (upload.current === controller) {
        upload.current = null;
        setSending(null);
      }
    }
  };

  const problems = problemsOf(view, sendError);
  const passed = view?.at === 'checked' && !!file && dryRunOf?.jobId === jobId && dryRunOf.file === file;
  const mayImport = passed && !running;
  const following =
    !!jobId && !job.error && (!view || view.at === 'waiting' || view.at === 'checking' || view.at === 'importing' || view.at === 'done');

  return (
    <Page
      title="Impor pegawai"
      description="Impor data pegawai dari berkas CSV ekspor SIASN (sampai 100.000 baris). Berkas diperiksa lebih dahulu tanpa menyimpan apa pun; bila ada baris yang salah, tidak ada data yang diimpor."
    >
      <Card withBorder padding="md">
        <Stack gap="sm">
          <FileInput
            label="Berkas CSV ekspor SIASN"
            accept=".csv,text/csv"
            value={file}
            onChange={(f) => void choose(f)}
            error={fileError}
            clearable
            clearButtonProps={{ 'aria-label': 'Hapus pilihan berkas' }}
            data-testid="import-file"
          />
          {file && rows !== null && (
            <Text size="sm" c="dimmed" data-testid="import-file-info">
              {file.name}: {formatBytes(file.size)}, {count(rows)} baris data.
            </Text>
          )}
          <Group>
            <Button onClick={() => void send(true)} disabled={!file || rows === null || running} loading={!!sending?.dryRun}>
              Periksa berkas
            </Button>
            <Button onClick={() => void send(false)} disabled={!mayImport} color="green">
              Impor
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            Kolom berkas: NIP, NAMA, STATUS_ASN, KEDUDUKAN_HUKUM, JABATAN_ID, NAMA_JABATAN, KELAS_JABATAN, UNOR_ID, NAMA_UNOR,
            ATASAN_JABATAN_ID, GAJI_POKOK, TUNJ_KELUARGA, TUNJ_JABATAN, TUNJ_PROFESI, GAJI_BRUTO, STATUS_PTKP, KATEGORI_TER, NAMA_BANK,
            NO_REKENING, NAMA_REKENING, TMT.
          </Text>
        </Stack>
      </Card>

      {(sending || following) && (
        <Card withBorder padding="md" data-testid="import-progress">
          {sending ? (
            <UploadProgress sending={sending} />
          ) : view?.at === 'importing' || view?.at === 'done' ? (
            <Stack gap={6}>
              <Text size="sm" aria-live="polite">
                {view.at === 'done' ? 'Impor selesai.' : 'Menyimpan data pegawai…'}
              </Text>
              <Progress
                value={view.at === 'done' ? 100 : view.percent}
                size="lg"
                aria-label="Kemajuan impor"
                animated={view.at === 'importing'}
              />
              {view.at === 'importing' && (
                <Text size="sm" c="dimmed" data-testid="import-job-progress">
                  {view.percent}%
                  {view.saved !== null && view.toSave !== null && `: ${count(view.saved)} dari ${count(view.toSave)} pegawai tersimpan`}
                </Text>
              )}
              {view.at === 'done' && (
                <Text size="sm" mt="sm" role="status" data-testid="import-done">
                  {count(view.summary.imported)} pegawai diimpor dan {count(view.summary.assignments)} penempatan jabatan dicatat
                  {view.summary.alreadyImported > 0 && `; ${count(view.summary.alreadyImported)} pegawai sudah diimpor sebelumnya`}.{' '}
                  <Anchor component={Link} to="/pegawai">
                    Lihat daftar pegawai
                  </Anchor>
                </Text>
              )}
            </Stack>
          ) : (
            <Group gap="sm" wrap="nowrap">
              <Loader size="sm" aria-hidden />
              <Text size="sm" aria-live="polite">
                {!view
                  ? 'Memuat kemajuan proses…'
                  : view.at === 'checking'
                    ? 'Memeriksa setiap baris berkas…'
                    : 'Berkas terkirim; menunggu giliran diproses…'}
              </Text>
            </Group>
          )}
        </Card>
      )}

      {view?.at === 'checked' && !sending && (
        <Alert color="blue" variant="light" title="Berkas lolos pemeriksaan" data-testid="import-checked" role="status">
          {count(view.summary.imported)} pegawai siap diimpor dan {count(view.summary.assignments)} penempatan jabatan siap dicatat
          {view.summary.alreadyImported > 0 && `; ${count(view.summary.alreadyImported)} pegawai sudah diimpor sebelumnya dan dilewati`}.
          Belum ada yang disimpan;{' '}
          {passed ? 'tekan “Impor” untuk menyimpan.' : 'pilih berkas itu lagi dan periksa ulang untuk mengimpornya.'}
        </Alert>
      )}

      {problems && (
        <Card withBorder padding="md" data-testid="import-report">
          <Title order={2} size="h4" c="red.9">
            {count(problems.count)} kesalahan dalam berkas
          </Title>
          <Text size="sm" mb="sm">
            Tidak ada data yang diimpor. Perbaiki baris berikut di berkas, lalu pilih berkas itu lagi dan periksa ulang.
            {problems.count > problems.list.length && ` Yang tercantum ${count(problems.list.length)} kesalahan pertama.`}
          </Text>
          <Table.ScrollContainer minWidth={480} type="native" tabIndex={0} role="region" aria-label="Tabel laporan, dapat digeser">
            <Table striped aria-label="Laporan pemeriksaan berkas">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Baris</Table.Th>
                  <Table.Th scope="col">Kolom</Table.Th>
                  <Table.Th scope="col">Alasan</Table.Th>
                  <Table.Th scope="col">Kode</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {problems.list.map((p, i) => (
                  <Table.Tr key={i} data-testid="import-problem">
                    <Table.Td>{p.line || '–'}</Table.Td>
                    <Table.Td>{p.column}</Table.Td>
                    <Table.Td>{p.reason}</Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {p.code}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}

      {view?.at === 'failed' && (
        <Alert color="red" variant="light" role="alert" title="Proses impor gagal dijalankan" data-testid="import-failed">
          <Text size="sm">
            Proses berhenti sebelum selesai. Periksa berkas lagi, lalu impor ulang: pegawai yang sudah tersimpan dikenali dan tidak diimpor
            dua kali. Bila berulang, laporkan kepada admin.
          </Text>
          {view.reason && (
            <Text size="xs" c="dimmed" lang="en">
              {view.reason}
            </Text>
          )}
        </Alert>
      )}

      {job.error && (
        <Stack gap="xs">
          <ErrorNote error={job.error} title="Kemajuan proses tidak dapat dimuat" />
          <Group>
            <Button variant="default" onClick={() => void job.refetch()} loading={job.isFetching}>
              Muat ulang kemajuan
            </Button>
          </Group>
        </Stack>
      )}
      {!problems && <ErrorNote error={sendError} title="Berkas tidak dapat dikirim" />}
    </Page>
  );
}

/** The bad rows: from the job's result, or from the upload's refusal (a NUL or bytes that are not UTF-8). */
function problemsOf(view: ImportJobView | null, sendError: unknown): { list: ImportProblem[]; count: number } | null {
  if (view?.at === 'rejected') return { list: view.problems, count: view.errorCount };
  const refused = importProblemsOf(sendError);
  return refused ? { list: refused, count: refused.length } : null;
}

function UploadProgress({ sending }: { sending: Sending }) {
  const percent = Math.min(100, Math.floor((sending.loaded / Math.max(1, sending.total)) * 100));
  return (
    <Stack gap={6}>
      <Text size="sm" aria-live="polite">
        {sending.dryRun ? 'Mengirim berkas untuk diperiksa…' : 'Mengirim berkas untuk diimpor…'}
      </Text>
      <Progress value={percent} size="lg" aria-label="Kemajuan pengiriman berkas" animated />
      <Text size="sm" c="dimmed" data-testid="import-upload-progress">
        {percent}%: {formatBytes(sending.loaded)} dari {formatBytes(sending.total)}
      </Text>
    </Stack>
  );
}
