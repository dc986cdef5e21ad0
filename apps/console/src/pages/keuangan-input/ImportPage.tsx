import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  FileButton,
  Card,
  Group,
  NativeSelect,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { Scroll } from './Scroll';
import { api, unwrap } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatMonth } from '../../format';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { monthsAround, reportRows, type ImportKind } from './report';

const KIND_LABEL: Record<ImportKind, string> = { attendance: 'Kehadiran', predikat: 'Predikat' };
const HEADER: Record<ImportKind, string> = { attendance: 'nip,TL1,TL2,TL3,TL4,PSW1,PSW2,PSW3,PSW4,TK', predikat: 'nip,predikat' };
const PATH = {
  attendance: '/api/v1/payroll/attendance/{month}/import',
  predikat: '/api/v1/payroll/predikat/{month}/import',
} as const;

type Report = {
  month: string;
  dryRun: boolean;
  rows: number;
  valid: number;
  errors: { line: number; nip?: string; code: string; message: string }[];
  appended: number;
};

/**
 * Impor kehadiran dan predikat: per month, the CSV is first checked by a dry run (the API parses it
 * and checks every NIP against the payroll register, appending nothing) and its bad rows listed by
 * line and column; only a file that passed is imported, and the same file twice appends nothing.
 */
export function ImportPage() {
  const today = todayInJakarta();
  const months = monthsAround(today);
  const [form, setForm, clear] = useDraft('keuangan-impor', { kind: 'attendance' as ImportKind, month: months[1], csv: '' });
  const [checked, setChecked] = useState<{ csv: string; kind: ImportKind; month: string; report: Report } | null>(null);
  const [done, setDone] = useState<Report | null>(null);
  const send = (dryRun: boolean) => (_: void, key: string) =>
    unwrap(
      api.POST(PATH[form.kind], {
        params: { path: { month: form.month }, query: { dryRun: String(dryRun) } },
        body: { csv: form.csv, dryRun },
        headers: { 'Idempotency-Key': key },
      }),
    ) as Promise<Report>;
  const dry = useCommand<void, Report>(send(true), {
    onSuccess: (report) => setChecked({ csv: form.csv, kind: form.kind, month: form.month, report }),
  });
  const run = useCommand<void, Report>(send(false), {
    onSuccess: (report) => {
      setDone(report);
      setChecked(null);
      clear();
    },
  });
  const current = checked && checked.csv === form.csv && checked.kind === form.kind && checked.month === form.month ? checked : null;
  const rows = current ? reportRows(current.kind, current.csv, current.report.errors) : [];
  const change = (patch: Partial<typeof form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setDone(null);
  };
  const readFile = async (file: File | undefined) => {
    if (!file) return;
    change({ csv: await file.text() });
  };
  return (
    <Page
      title="Impor kehadiran dan predikat"
      description="Rekap kehadiran dan predikat kinerja per bulan untuk penghitungan TPP. Berkas diperiksa dahulu; tidak ada data yang disimpan sebelum semua barisnya benar."
    >
      <Card withBorder padding="md">
        <Stack gap="sm">
          <SegmentedControl
            aria-label="Jenis data"
            data={(['attendance', 'predikat'] as const).map((k) => ({ value: k, label: KIND_LABEL[k] }))}
            value={form.kind}
            onChange={(v) => change({ kind: v as ImportKind })}
          />
          <NativeSelect
            label="Bulan"
            data={months.map((m) => ({ value: m, label: formatMonth(m) }))}
            value={form.month}
            onChange={(e) => change({ month: e.currentTarget.value })}
          />
          <FileButton accept=".csv,text/csv,text/plain" onChange={(f) => void readFile(f ?? undefined)}>
            {(props) => (
              <Button variant="default" {...props}>
                Pilih berkas CSV
              </Button>
            )}
          </FileButton>
          <Textarea
            label="Isi berkas"
            description={`Baris pertama: ${HEADER[form.kind]}`}
            autosize
            minRows={4}
            maxRows={12}
            styles={{ input: { fontFamily: 'monospace' } }}
            value={form.csv}
            onChange={(e) => change({ csv: e.currentTarget.value })}
          />
          <Group gap="sm">
            <Button variant="default" onClick={() => dry.mutate()} loading={dry.isPending} disabled={!form.csv.trim()}>
              Periksa berkas
            </Button>
            <Button
              onClick={() => run.mutate()}
              loading={run.isPending}
              disabled={!current || current.report.errors.length > 0 || current.report.valid === 0}
            >
              Impor {KIND_LABEL[form.kind].toLowerCase()}
            </Button>
          </Group>
          <ErrorNote error={dry.error} title="Berkas tidak dapat diperiksa" />
          <ErrorNote error={run.error} title="Impor tidak berhasil" />
        </Stack>
      </Card>
      {done && (
        <Alert color="green" role="status" title="Impor berhasil">
          {done.valid} baris {KIND_LABEL[form.kind].toLowerCase()} {formatMonth(done.month)} tersimpan.
        </Alert>
      )}
      {current && (
        <Card withBorder padding="md" data-testid="laporan-periksa">
          <Title order={2} size="h4" mb="xs">
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
                Perbaiki baris berikut, lalu periksa lagi. Belum ada data yang disimpan.
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
    </Page>
  );
}
