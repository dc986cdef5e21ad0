import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, FileButton, Group, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Scroll } from '../keuangan-input/Scroll';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatMonth, formatRupiah } from '../../format';
import { useCommand } from '../../hooks/command';
import { changesOf, inForce, parseDocument, policyDiff } from './diff';
import { PolicyDiffTable } from './PolicyPage';
import type { components } from '../../api/schema';

type Simulation = components['schemas']['PolicySimulation'];

/** The months from `from` to `to` (YYYY-MM), at most 36, or null when they are not a range. */
export function monthsBetween(from: string, to: string): string[] | null {
  const re = /^(\d{4})-(0[1-9]|1[0-2])$/;
  if (!re.test(from) || !re.test(to) || to < from) return null;
  const out: string[] = [];
  for (let [y, m] = from.split('-').map(Number); `${y}-${String(m).padStart(2, '0')}` <= to; m === 12 ? ((m = 1), y++) : m++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (out.length > 36) return null;
  }
  return out;
}

/** A bucket of the histogram in words: "turun ≥ 1.000.000", "tetap", "naik 1–99.999". */
export function bucketLabel(b: { from: string | null; to: string | null }): string {
  const n = (s: string) => formatRupiah(s.replace('-', '')).replace(/^Rp\s?/, '');
  if (b.from === '0' && b.to === '0') return 'tetap';
  if (b.from === null && b.to !== null) return `turun ≥ ${n(b.to)}`;
  if (b.to === null && b.from !== null) return `naik ≥ ${n(b.from)}`;
  if (b.from !== null && b.to !== null && b.from.startsWith('-')) return `turun ${n(b.to)}–${n(b.from)}`;
  return `naik ${n(b.from ?? '0')}–${n(b.to ?? '0')}`;
}

/** Whole rupiah strings to millions, for the chart's axis only (the tables show the exact amounts). */
const millions = (s: string) => Number(BigInt(s) / 1000n) / 1000;

/**
 * Simulasi TPP (BPKAD, BKPSDM, inspectorate): a draft Perkada as a policy document, compared field
 * by field with the version in force, then priced against the recorded months with the payroll's
 * calculator: the totals per month, the distribution of the changes and the budget projection.
 */
export function SimulationPage() {
  const today = todayInJakarta();
  const list = useQuery({ queryKey: ['policies'], queryFn: () => unwrap(api.GET('/api/v1/policies')) });
  const current = inForce([...(list.data?.versions ?? [])], today);
  const year = today.slice(0, 4);
  const [text, setText] = useState<string | null>(null);
  const [from, setFrom] = useState(`${year}-01`);
  const [to, setTo] = useState(today.slice(0, 7));
  const [result, setResult] = useState<Simulation | null>(null);
  const draftText = text ?? (current ? JSON.stringify(current.document, null, 2) : '');
  const parsed = parseDocument(draftText);
  const changes = parsed.ok && current ? changesOf(policyDiff(current.document, parsed.document)) : [];
  const months = monthsBetween(from, to);
  const run = useCommand(
    (body: { drafts: Array<Record<string, unknown>>; months: string[] }, key: string) =>
      unwrap(api.POST('/api/v1/payroll/simulations', { body, headers: commandHeaders(key) })),
    { onSuccess: (r) => setResult(r) },
  );
  const readFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };
  return (
    <Page
      title="Simulasi TPP"
      description="Hitung ulang bulan-bulan yang sudah tercatat dengan rancangan Perkada, dengan kalkulator yang sama dengan penggajian. Simulasi tidak menerbitkan apa pun; hanya dicatat bahwa simulasi dijalankan."
      loading={list.isPending}
      error={list.error}
    >
      <Card withBorder padding="md">
        <Title order={2} size="h4" mb="xs">
          Rancangan kebijakan
        </Title>
        <Stack gap="sm">
          <FileButton accept=".json,application/json" onChange={(f) => void readFile(f ?? undefined)}>
            {(props) => (
              <Button variant="default" {...props}>
                Pilih berkas JSON
              </Button>
            )}
          </FileButton>
          <Textarea
            label="Dokumen rancangan"
            autosize
            minRows={6}
            maxRows={14}
            styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
            value={draftText}
            onChange={(e) => setText(e.currentTarget.value)}
            error={parsed.ok ? undefined : parsed.reason}
          />
          {parsed.ok && current && (
            <div data-testid="perbedaan">
              <Text size="sm" fw={500} mb="xs">
                {changes.length === 0
                  ? 'Tidak ada perbedaan dengan versi yang berlaku.'
                  : `${changes.length} bagian berbeda dari ${current.policyVersion}.`}
              </Text>
              {changes.length > 0 && <PolicyDiffTable rows={changes} newLabel="Rancangan" />}
            </div>
          )}
          <Group align="flex-end">
            <TextInput
              label="Dari bulan"
              placeholder="2026-01"
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value.trim())}
              w={130}
            />
            <TextInput
              label="Sampai bulan"
              placeholder="2026-10"
              value={to}
              onChange={(e) => setTo(e.currentTarget.value.trim())}
              w={130}
              error={months ? undefined : 'Rentang bulan YYYY-MM, paling banyak 36 bulan'}
            />
            <Button
              disabled={!parsed.ok || !months}
              loading={run.isPending}
              onClick={() => parsed.ok && months && run.mutate({ drafts: [parsed.document], months })}
            >
              Jalankan simulasi
            </Button>
          </Group>
          <ErrorNote error={run.error} title="Simulasi tidak dijalankan" />
        </Stack>
      </Card>
      {result && <SimulationResult result={result} />}
    </Page>
  );
}

function SimulationResult({ result }: { result: Simulation }) {
  const byMonth = new Map<string, { today: bigint; draft: bigint }>();
  const histogram = new Map<string, number>();
  for (const r of result.results) {
    const m = byMonth.get(r.month) ?? { today: 0n, draft: 0n };
    m.today += BigInt(r.today.gross);
    m.draft += BigInt(r.drafts[0].gross);
    byMonth.set(r.month, m);
    for (const b of r.drafts[0].histogram) histogram.set(bucketLabel(b), (histogram.get(bucketLabel(b)) ?? 0) + b.count);
  }
  const monthRows = [...byMonth].map(([month, m]) => ({
    bulan: formatMonth(month),
    'Berlaku (juta)': millions(m.today.toString()),
    'Rancangan (juta)': millions(m.draft.toString()),
  }));
  const histRows = [...histogram].map(([label, jumlah]) => ({ label, jumlah }));
  const total = result.totals.drafts[0];
  const up = result.results.flatMap((r) => r.drafts[0].up.map((c) => ({ ...c, opdId: r.opdId, month: r.month })));
  up.sort((a, b) => (BigInt(b.change) > BigInt(a.change) ? 1 : -1));
  const down = result.results.flatMap((r) => r.drafts[0].down.map((c) => ({ ...c, opdId: r.opdId, month: r.month })));
  down.sort((a, b) => (BigInt(a.change) > BigInt(b.change) ? 1 : -1));
  return (
    <Stack gap="md" data-testid="hasil-simulasi">
      <Card withBorder padding="md">
        <Title order={2} size="h4" mb="xs">
          Hasil simulasi
        </Title>
        <Text size="sm" data-testid="selisih-total">
          Bruto seluruh bulan: berlaku {formatRupiah(result.totals.today.gross)}, rancangan {formatRupiah(total.gross)}, selisih{' '}
          {formatRupiah(total.difference.gross)} (neto {formatRupiah(total.difference.net)}).
        </Text>
        <figure style={{ margin: 0 }} aria-label="Grafik TPP bruto per bulan">
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={monthRows} margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="bulan" fontSize={11} />
              <YAxis fontSize={11} />
              <Tooltip />
              <Legend />
              <Bar dataKey="Berlaku (juta)" fill="#868e96" isAnimationActive={false} />
              <Bar dataKey="Rancangan (juta)" fill="#1c7ed6" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure style={{ margin: 0 }} aria-label="Grafik sebaran perubahan TPP neto per pegawai">
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={histRows} margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" fontSize={10} interval={0} angle={-30} textAnchor="end" height={70} />
              <YAxis allowDecimals={false} fontSize={11} />
              <Tooltip />
              <Bar dataKey="jumlah" name="Pegawai-bulan" fill="#1c7ed6" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      </Card>
      <Card withBorder padding="md">
        <Title order={3} size="h5" mb="xs">
          Per OPD dan bulan
        </Title>
        <Scroll label="Hasil simulasi per OPD dan bulan" minWidth={640}>
          <Table striped aria-label="Hasil simulasi per OPD dan bulan">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>OPD</Table.Th>
                <Table.Th>Bulan</Table.Th>
                <Table.Th>Pegawai</Table.Th>
                <Table.Th>Berlaku</Table.Th>
                <Table.Th>Rancangan</Table.Th>
                <Table.Th>Selisih</Table.Th>
                <Table.Th>Anggaran</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.results
                .filter((r) => r.employees > 0)
                .map((r) => (
                  <Table.Tr key={`${r.opdId}|${r.month}`} data-testid="baris-simulasi">
                    <Table.Td>{r.opdId}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatMonth(r.month)} {r.source === 'RUN' && <Badge variant="light">dari penggajian</Badge>}
                    </Table.Td>
                    <Table.Td>{r.employees}</Table.Td>
                    <Table.Td>{formatRupiah(r.today.gross)}</Table.Td>
                    <Table.Td>{formatRupiah(r.drafts[0].gross)}</Table.Td>
                    <Table.Td>{formatRupiah(r.drafts[0].difference.gross)}</Table.Td>
                    <Table.Td>
                      {r.budget ? formatRupiah(r.budget) : '–'}
                      {r.drafts[0].withinBudget === false && (
                        <Badge color="red" variant="light">
                          melebihi
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Scroll>
      </Card>
      <Card withBorder padding="md">
        <Title order={3} size="h5" mb="xs">
          Perubahan terbesar per pegawai (neto sebulan)
        </Title>
        <Scroll label="Perubahan terbesar per pegawai" minWidth={560}>
          <Table striped aria-label="Perubahan terbesar per pegawai">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Pegawai</Table.Th>
                <Table.Th>Kelas jabatan</Table.Th>
                <Table.Th>Bulan</Table.Th>
                <Table.Th>Berlaku</Table.Th>
                <Table.Th>Rancangan</Table.Th>
                <Table.Th>Perubahan</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...up.slice(0, 5), ...down.slice(0, 5)].map((c) => (
                <Table.Tr key={`${c.nip}|${c.month}`} data-testid="perubahan-pegawai">
                  <Table.Td>
                    {c.name}
                    <Text size="xs" c="dimmed">
                      {c.nip} · {c.opdId}
                    </Text>
                  </Table.Td>
                  <Table.Td>{c.positionGrade}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatMonth(c.month)}</Table.Td>
                  <Table.Td>{formatRupiah(c.today)}</Table.Td>
                  <Table.Td>{formatRupiah(c.draft)}</Table.Td>
                  <Table.Td>{formatRupiah(c.change)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Scroll>
      </Card>
      <Card withBorder padding="md">
        <Title order={3} size="h5" mb="xs">
          Proyeksi anggaran {result.projections[0]?.today.year}
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          Bulan yang disimulasikan dihitung apa adanya; bulan lain tahun itu diperkirakan sebesar rata-rata bulan yang disimulasikan.
          Alokasi adalah jumlah anggaran bulanan tahun itu.
        </Text>
        <Scroll label="Proyeksi anggaran per OPD" minWidth={560}>
          <Table striped aria-label="Proyeksi anggaran per OPD">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>OPD</Table.Th>
                <Table.Th>Alokasi</Table.Th>
                <Table.Th>Setahun (berlaku)</Table.Th>
                <Table.Th>Habis (berlaku)</Table.Th>
                <Table.Th>Setahun (rancangan)</Table.Th>
                <Table.Th>Habis (rancangan)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.projections.map((p) => (
                <Table.Tr key={p.opdId} data-testid="proyeksi-anggaran">
                  <Table.Td>{p.opdId}</Table.Td>
                  <Table.Td>{formatRupiah(p.today.allocation)}</Table.Td>
                  <Table.Td>{formatRupiah(p.today.yearTotal)}</Table.Td>
                  <Table.Td>{p.today.exhaustedIn ? formatMonth(p.today.exhaustedIn) : 'cukup'}</Table.Td>
                  <Table.Td>{formatRupiah(p.drafts[0].yearTotal)}</Table.Td>
                  <Table.Td>{p.drafts[0].exhaustedIn ? formatMonth(p.drafts[0].exhaustedIn) : 'cukup'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Scroll>
      </Card>
    </Stack>
  );
}
