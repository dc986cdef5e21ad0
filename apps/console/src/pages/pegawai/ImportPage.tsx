import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Button, Card, FileInput, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { ApiError } from '../../api/errors';
import { ErrorNote } from '../../components/ErrorNote';
import { Page } from '../../components/Page';
import { formatBytes } from '../../format';
import { countCsvRows, importProblemsOf, importSummaryOf, type ImportProblem, type ImportSummary } from './people';
import { sendImport } from './upload';

const MAX_BYTES = 20 * 1024 * 1024;

type Step =
  | { at: 'idle' }
  | { at: 'checking' }
  | { at: 'checked'; summary: ImportSummary }
  | { at: 'rejected'; problems: ImportProblem[] }
  | { at: 'importing'; loaded: number; total: number }
  | { at: 'done'; summary: ImportSummary }
  | { at: 'failed'; error: unknown };

/**
 * Impor pegawai: a SIASN export (CSV, IMPORT.md's columns) is first checked by a dry run
 * (POST /api/v1/employees/import with dryRun: true), which appends nothing and lists every bad row by
 * line, column and reason; only a file that passed may be imported, all or nothing, with the upload's
 * progress. Changing the file starts over.
 */
export function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [step, setStep] = useState<Step>({ at: 'idle' });
  const [fileError, setFileError] = useState<string | null>(null);
  // One Idempotency-Key per file imported: a resend after a lost answer imports once.
  const key = useRef<string | null>(null);
  const client = useQueryClient();

  const choose = async (f: File | null) => {
    setFile(f);
    setCsv(null);
    setStep({ at: 'idle' });
    setFileError(null);
    key.current = null;
    if (!f) return;
    if (f.size === 0) return setFileError('Berkas kosong.');
    if (f.size > MAX_BYTES) return setFileError(`Berkas terlalu besar (${formatBytes(f.size)}); paling besar ${formatBytes(MAX_BYTES)}.`);
    if (!/\.(csv|txt)$/i.test(f.name)) return setFileError('Pilih berkas CSV (.csv) hasil ekspor SIASN.');
    setCsv(await f.text());
  };

  const check = async () => {
    if (!csv) return;
    setStep({ at: 'checking' });
    try {
      const r = await sendImport({ csv, dryRun: true }, globalThis.crypto.randomUUID(), () => {});
      setStep({ at: 'checked', summary: importSummaryOf(r) });
    } catch (e) {
      const problems = importProblemsOf(e);
      setStep(problems ? { at: 'rejected', problems } : { at: 'failed', error: e });
    }
  };

  const run = async () => {
    if (!csv) return;
    key.current ??= globalThis.crypto.randomUUID();
    setStep({ at: 'importing', loaded: 0, total: csv.length });
    try {
      const r = await sendImport({ csv, dryRun: false }, key.current, (loaded, total) => setStep({ at: 'importing', loaded, total }));
      key.current = null;
      setStep({ at: 'done', summary: importSummaryOf(r) });
      await client.invalidateQueries({ queryKey: ['employees'] });
      await client.invalidateQueries({ queryKey: ['org-chart'] });
    } catch (e) {
      if (e instanceof ApiError && e.status !== 0) key.current = null;
      const problems = importProblemsOf(e);
      setStep(problems ? { at: 'rejected', problems } : { at: 'failed', error: e });
    }
  };

  const rows = csv ? countCsvRows(csv) : 0;
  const percent =
    step.at === 'importing' ? Math.min(100, Math.round((step.loaded / Math.max(1, step.total)) * 100)) : step.at === 'done' ? 100 : 0;
  return (
    <Page
      title="Impor pegawai"
      description="Impor data pegawai dari berkas CSV ekspor SIASN. Berkas diperiksa lebih dahulu tanpa menyimpan apa pun; bila ada baris yang salah, tidak ada data yang diimpor."
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
          {csv && (
            <Text size="sm" c="dimmed">
              {file?.name}: {formatBytes(file?.size ?? 0)}, {rows.toLocaleString('id-ID')} baris data.
            </Text>
          )}
          <Group>
            <Button
              onClick={() => void check()}
              disabled={!csv || step.at === 'checking' || step.at === 'importing'}
              loading={step.at === 'checking'}
            >
              Periksa berkas
            </Button>
            <Button onClick={() => void run()} disabled={step.at !== 'checked'} color="green">
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

      {step.at === 'checked' && (
        <Alert color="blue" variant="light" title="Berkas lolos pemeriksaan" data-testid="import-checked" role="status">
          {step.summary.employees.toLocaleString('id-ID')} pegawai siap diimpor dan {step.summary.assignments.toLocaleString('id-ID')}{' '}
          penempatan jabatan siap dicatat. Belum ada yang disimpan; tekan “Impor” untuk menyimpan.
        </Alert>
      )}

      {step.at === 'rejected' && (
        <Card withBorder padding="md" data-testid="import-report">
          <Title order={2} size="h4" c="red.9">
            {step.problems.length.toLocaleString('id-ID')} kesalahan dalam berkas
          </Title>
          <Text size="sm" mb="sm">
            Tidak ada data yang diimpor. Perbaiki baris berikut di berkas, lalu pilih berkas itu lagi dan periksa ulang.
          </Text>
          <Table.ScrollContainer minWidth={480} type="native" tabIndex={0} role="region" aria-label="Tabel laporan, dapat digeser">
            <Table striped aria-label="Laporan pemeriksaan berkas">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Baris</Table.Th>
                  <Table.Th>Kolom</Table.Th>
                  <Table.Th>Alasan</Table.Th>
                  <Table.Th>Kode</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {step.problems.map((p, i) => (
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

      {(step.at === 'importing' || step.at === 'done') && (
        <Card withBorder padding="md" data-testid="import-progress">
          <Text size="sm" mb={4} id="import-progress-label">
            {step.at === 'importing' ? (percent < 100 ? 'Mengirim berkas…' : 'Menyimpan data pegawai…') : 'Impor selesai'}
          </Text>
          <Progress value={percent} size="lg" aria-label="Kemajuan impor" animated={step.at === 'importing'} />
          {step.at === 'done' && (
            <Text size="sm" mt="sm" role="status" data-testid="import-done">
              {step.summary.employees.toLocaleString('id-ID')} pegawai diimpor dan {step.summary.assignments.toLocaleString('id-ID')}{' '}
              penempatan jabatan dicatat.{' '}
              <Anchor component={Link} to="/pegawai">
                Lihat daftar pegawai
              </Anchor>
            </Text>
          )}
        </Card>
      )}

      {step.at === 'failed' && <ErrorNote error={step.error} title="Impor tidak berhasil" />}
    </Page>
  );
}
