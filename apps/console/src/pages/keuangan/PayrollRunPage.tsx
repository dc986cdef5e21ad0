import { useState } from 'react';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ErrorNote, fieldError } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { formatDate, formatMonth, formatRupiah } from '../../format';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { label } from '../../i18n/terms';
import { messageOf } from '../../i18n/errors';
import { useSession } from '../../session/hooks';
import { AMOUNT_LABEL } from '../pay/pay';
import {
  CALCULABLE,
  headroom,
  matches,
  nipSearch,
  mayPrepare,
  mayReturn,
  slipChanges,
  stepFor,
  type AmountChange,
  type StepRule,
} from './payroll';
import { downloadExport, runKey, useRun, type Export, type RunData } from './queries';
import { DisagreeNote } from '../rekonsiliasi/DisagreeNote';
import { CalculationProgress, Chain, Digest, History, RUN_STATUS, ScrollTable } from './RunParts';

const PAGE_SIZE = 50;

/**
 * One OPD's TPP run for a month: calculate it with the job's progress shown as it runs, read its
 * lines and totals against the OPD's budget, recalculate one slip, sign its step of the approval
 * chain on the digest shown (each step offered only to its role), return it with a reason, download
 * its exports, and read who signed what.
 */
export function PayrollRunPage() {
  const { opdId = '', month = '' } = useParams();
  const roles = useSession()?.claims.roles ?? [];
  const run = useRun(opdId, month);
  const r = run.data;
  return (
    <Page
      title={`TPP ${opdId} ${formatMonth(month)}`}
      description="Penghitungan TPP dan rantai persetujuannya. Setiap penanda tangan menandatangani ringkasan (digest) dari daftar yang ia periksa."
      loading={run.isPending}
      error={run.error}
    >
      {r === null && (
        <Empty>
          Belum ada penghitungan TPP {opdId} untuk {formatMonth(month)}. Buka dari halaman Penggajian TPP.
        </Empty>
      )}
      {r && (
        <Stack gap="lg">
          <Summary run={r} />
          <Chain status={r.status} />
          <CalculationProgress job={r.calculationJob} status={r.status} />
          {r.status === 'CALCULATION_FAILED' && <Failure run={r} />}
          {mayPrepare(roles, opdId) && CALCULABLE.has(r.status) && <Calculate run={r} />}
          <Signing run={r} roles={roles} />
          {mayReturn(roles, opdId, r.status) && <ReturnRun run={r} />}
          {PRINTABLE.includes(r.status) && (
            <Exports opdId={opdId} month={month} approved={r.status === 'APPROVED' || r.status === 'DISBURSED'} />
          )}
          <Lines run={r} mayRecalculate={mayPrepare(roles, opdId) && r.status === 'CALCULATED'} />
          <section>
            <Title order={2} size="h4" mb="xs">
              Riwayat dan tanda tangan
            </Title>
            <History steps={r.steps} />
          </section>
        </Stack>
      )}
    </Page>
  );
}

function Summary({ run }: { run: RunData }) {
  const room = headroom(run.totalGross, run.budget);
  const sp2d = run.sp2d as { number?: string; date?: string } | null;
  return (
    <Card withBorder padding="md" data-testid="run-summary">
      <Group justify="space-between" wrap="wrap" gap="xs" mb="sm">
        <Badge size="lg" variant="light" data-testid="run-status" data-status={run.status}>
          {label(RUN_STATUS, run.status)}
        </Badge>
        <Text size="xs" c="dimmed">
          Perkada {run.policyVersion}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure name="Jumlah baris" value={String(run.lineCount)} />
        <Figure name="Total TPP bruto" value={formatRupiah(run.totalGross)} testId="total-gross" />
        <Figure name="Total TPP neto" value={formatRupiah(run.totalNet)} testId="total-net" />
        <Figure
          name={`Anggaran TPP ${formatMonth(run.month)}`}
          value={run.budget === null ? 'Belum ditetapkan' : formatRupiah(run.budget)}
          testId="budget"
        />
      </SimpleGrid>
      {room && (
        <Text size="sm" mt="sm" c={room.over ? 'red.8' : undefined} data-testid="budget-room">
          {room.over
            ? `Total bruto melebihi anggaran sebesar ${formatRupiah(room.left.slice(1))}: penghitungan tidak dapat diajukan.`
            : `Sisa anggaran ${formatRupiah(room.left)}${room.percentUsed !== null ? ` (terpakai ${room.percentUsed}%)` : ''}.`}
        </Text>
      )}
      {sp2d?.number && (
        <Text size="sm" mt="xs" data-testid="run-sp2d">
          SP2D {sp2d.number}, {formatDate(sp2d.date)}
        </Text>
      )}
    </Card>
  );
}

function Figure({ name, value, testId }: { name: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {name}
      </Text>
      <Text fw={700} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function Failure({ run }: { run: RunData }) {
  const failure = (run as { failure?: { code?: string; reason?: string } | null }).failure;
  return (
    <Alert color="red" variant="light" title="Penghitungan gagal" role="alert" data-error-code={failure?.code}>
      <Text size="sm">
        {failure?.code ? messageOf(failure.code) : 'Penghitungan tidak dapat diselesaikan.'} Hitung ulang setelah masalahnya diatasi.
      </Text>
      {failure?.code && (
        <Text size="xs" c="dimmed" mt={4}>
          Kode: {failure.code}
        </Text>
      )}
    </Alert>
  );
}

function Calculate({ run }: { run: RunData }) {
  const calculate = useCommand(
    (_: void, key: string) =>
      unwrap(
        api.POST('/api/v1/payroll/opds/{opdId}/runs/{month}/calculate', {
          params: { path: { opdId: run.opdId, month: run.month } },
          headers: commandHeaders(key),
        }),
      ),
    { invalidates: [runKey(run.opdId, run.month)] },
  );
  return (
    <Stack gap="xs" align="flex-start">
      <Button onClick={() => calculate.mutate()} loading={calculate.isPending}>
        {run.status === 'DRAFT' ? 'Hitung' : 'Hitung ulang'}
      </Button>
      <ErrorNote error={calculate.error} title="Penghitungan tidak dapat dimulai" />
    </Stack>
  );
}

interface Sp2dDraft {
  sp2dNumber: string;
  sp2dDate: string;
}

/** The step of the chain this person may sign now, on the digest shown; nothing when none is theirs. */
function Signing({ run, roles }: { run: RunData; roles: readonly string[] }) {
  const step = stepFor(roles, run.opdId, run.status);
  return (
    <section>
      <Title order={2} size="h4" mb="xs">
        Ringkasan daftar TPP (digest)
      </Title>
      <Text size="sm" c="dimmed" mb={4}>
        SHA-256 dari seluruh baris beserta jumlahnya. Tanda tangan ditolak bila daftar berubah setelah Anda memeriksanya.
      </Text>
      <Digest digest={run.digest} />
      {step && run.digest && <SignStep run={run} step={step} />}
    </section>
  );
}

function SignStep({ run, step }: { run: RunData; step: StepRule }) {
  const [draft, setDraft, clear] = useDraft<Sp2dDraft>(`tpp.sp2d.${run.runId}`, { sp2dNumber: '', sp2dDate: '' });
  const [missing, setMissing] = useState<string | null>(null);
  const sign = useCommand(
    (body: { digest: string; sp2dNumber?: string; sp2dDate?: string }, key: string) =>
      unwrap(
        api.POST('/api/v1/payroll/opds/{opdId}/runs/{month}/{step}', {
          params: { path: { opdId: run.opdId, month: run.month, step: step.path } },
          body,
          headers: commandHeaders(key),
        }),
      ),
    { invalidates: [runKey(run.opdId, run.month)], onSuccess: () => step.path === 'disburse' && clear() },
  );
  const disburse = step.path === 'disburse';
  const submit = () => {
    if (disburse && (!draft.sp2dNumber.trim() || !/^\d{4}-\d{2}-\d{2}$/.test(draft.sp2dDate))) {
      setMissing('Isi nomor dan tanggal SP2D.');
      return;
    }
    setMissing(null);
    sign.mutate({ digest: run.digest!, ...(disburse ? { sp2dNumber: draft.sp2dNumber.trim(), sp2dDate: draft.sp2dDate } : {}) });
  };
  return (
    <Card withBorder padding="md" mt="sm" data-testid="sign-step" data-step={step.path}>
      <Text size="sm" mb="xs">
        Anda menandatangani {step.document} atas daftar TPP dengan ringkasan di atas.
      </Text>
      {disburse && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} mb="sm" maw={560}>
          <TextInput
            label="Nomor SP2D"
            value={draft.sp2dNumber}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setDraft((d) => ({ ...d, sp2dNumber: value }));
            }}
            error={fieldError(sign.error, 'sp2dNumber')}
            required
          />
          <TextInput
            type="date"
            label="Tanggal SP2D"
            value={draft.sp2dDate}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setDraft((d) => ({ ...d, sp2dDate: value }));
            }}
            error={fieldError(sign.error, 'sp2dDate')}
            required
          />
        </SimpleGrid>
      )}
      <Group>
        <Button onClick={submit} loading={sign.isPending}>
          {step.label}
        </Button>
      </Group>
      {missing && (
        <Text size="sm" c="red.8" mt="xs" role="alert">
          {missing}
        </Text>
      )}
      <ErrorNote error={sign.error} title="Tanda tangan ditolak" />
      <DisagreeNote error={sign.error} month={run.month} />
    </Card>
  );
}

function ReturnRun({ run }: { run: RunData }) {
  const [reason, setReason, clear] = useDraft<string>(`tpp.kembalikan.${run.runId}`, '');
  const [empty, setEmpty] = useState(false);
  const back = useCommand(
    (body: { reason: string }, key: string) =>
      unwrap(
        api.POST('/api/v1/payroll/opds/{opdId}/runs/{month}/return', {
          params: { path: { opdId: run.opdId, month: run.month } },
          body,
          headers: commandHeaders(key),
        }),
      ),
    { invalidates: [runKey(run.opdId, run.month)], onSuccess: () => clear() },
  );
  return (
    <Card withBorder padding="md" data-testid="return-run">
      <Title order={2} size="h4" mb="xs">
        Kembalikan
      </Title>
      <Textarea
        label="Alasan pengembalian"
        description="Penghitungan kembali ke draf; semua tanda tangan dimulai dari awal."
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={empty ? 'Alasan wajib diisi.' : fieldError(back.error, 'reason')}
        autosize
        minRows={2}
        maw={640}
      />
      <Button
        mt="sm"
        color="orange"
        variant="light"
        loading={back.isPending}
        onClick={() => {
          setEmpty(!reason.trim());
          if (reason.trim()) back.mutate({ reason: reason.trim() });
        }}
      >
        Kembalikan
      </Button>
      <ErrorNote error={back.error} title="Tidak dapat dikembalikan" />
    </Card>
  );
}

/** The statuses in which the run has a finished calculation to print as a rekap. */
const PRINTABLE: readonly string[] = ['CALCULATED', 'SUBMITTED', 'VERIFIED', 'APPROVED', 'DISBURSED'];

/** The run's files: the rekap TPP (PDF, Excel) of any calculated run; the bank file and the slips of an approved one. */
function Exports({ opdId, month, approved }: { opdId: string; month: string; approved: boolean }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<Export | null>(null);
  const get = async (which: Export) => {
    setBusy(which);
    setError(null);
    try {
      await downloadExport(opdId, month, which);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section>
      <Title order={2} size="h4" mb="xs">
        Berkas
      </Title>
      <Group gap="sm">
        <Button variant="default" loading={busy === 'rekap.pdf'} onClick={() => void get('rekap.pdf')}>
          Unduh rekap (PDF)
        </Button>
        <Button variant="default" loading={busy === 'rekap.xlsx'} onClick={() => void get('rekap.xlsx')}>
          Unduh rekap (Excel)
        </Button>
        {approved && (
          <>
            <Button variant="default" loading={busy === 'bank-transfer.csv'} onClick={() => void get('bank-transfer.csv')}>
              Unduh berkas transfer bank (CSV)
            </Button>
            <Button variant="default" loading={busy === 'slips'} onClick={() => void get('slips')}>
              Unduh daftar slip
            </Button>
          </>
        )}
      </Group>
      <ErrorNote error={error} title="Berkas tidak dapat diunduh" />
    </section>
  );
}

type Line = { nip: string; name: string | null; lineKey: string; kind: string; amounts: Record<string, string>; inputsChanged?: boolean };

/** The lines of the current calculation, page by page (by NIP), searchable on the page shown. */
function Lines({ run, mayRecalculate }: { run: RunData; mayRecalculate: boolean }) {
  const [cursors, setCursors] = useState<string[]>(['']);
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Line | null>(null);
  // A NIP (or its first digits) is looked up in the API (the lines are paged by NIP); a name on the page shown.
  const nipPrefix = nipSearch(search);
  const after = nipPrefix ?? cursors[cursors.length - 1];
  const lines = useQuery({
    queryKey: ['payroll-lines', run.opdId, run.month, run.digest, after],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/payroll/opds/{opdId}/runs/{month}/lines', {
          params: { path: { opdId: run.opdId, month: run.month }, query: { after, limit: PAGE_SIZE } },
        }),
      ),
    enabled: run.lineCount > 0 && run.status !== 'CALCULATING',
  });
  const rows = ((lines.data?.lines ?? []) as Line[]).filter((l) => (nipPrefix ? l.nip.startsWith(nipPrefix) : matches(l, search)));
  const more = !nipPrefix && (lines.data?.lines.length ?? 0) === PAGE_SIZE && lines.data?.next;
  if (run.lineCount === 0 || run.status === 'CALCULATING') return null;
  return (
    <section>
      <Title order={2} size="h4" mb="xs">
        Daftar TPP
      </Title>
      <TextInput
        label="Cari NIP, atau nama di halaman ini"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={360}
        mb="xs"
      />
      <ErrorNote error={lines.error} title="Daftar tidak dapat dimuat" />
      <ScrollTable minWidth={640} label="Daftar TPP (dapat digeser)">
        <Table striped aria-label="Daftar TPP per pegawai" data-testid="run-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>NIP</Table.Th>
              <Table.Th>Nama</Table.Th>
              <Table.Th ta="right">Bruto</Table.Th>
              <Table.Th ta="right">Neto</Table.Th>
              <Table.Th>Keterangan</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((l) => (
              <Table.Tr key={`${l.nip}|${l.lineKey}`} data-nip={l.nip}>
                <Table.Td ff="monospace">{l.nip}</Table.Td>
                <Table.Td>{l.name ?? '–'}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatRupiah(l.amounts.gross)}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatRupiah(l.amounts.net)}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {l.kind !== 'TPP' && <Badge variant="light">Penyesuaian</Badge>}
                    {l.inputsChanged && (
                      <Badge color="orange" variant="light">
                        Data berubah
                      </Badge>
                    )}
                    {mayRecalculate && l.kind === 'TPP' && (
                      <Button size="compact-sm" variant="subtle" onClick={() => setChosen(l)} aria-label={`Hitung ulang slip ${l.nip}`}>
                        Hitung ulang slip
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {lines.data && rows.length === 0 && <Empty>Tidak ada baris yang cocok di halaman ini.</Empty>}
      <Group gap="sm" mt="xs">
        <Button
          variant="default"
          size="compact-sm"
          disabled={cursors.length === 1 || !!nipPrefix}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          Halaman sebelumnya
        </Button>
        <Text size="sm">Halaman {cursors.length}</Text>
        <Button variant="default" size="compact-sm" disabled={!more} onClick={() => more && setCursors((c) => [...c, more])}>
          Halaman berikutnya
        </Button>
      </Group>
      {chosen && <RecalculateSlip run={run} line={chosen} onClose={() => setChosen(null)} />}
    </section>
  );
}

function RecalculateSlip({ run, line, onClose }: { run: RunData; line: Line; onClose: () => void }) {
  const [reason, setReason, clear] = useDraft<string>(`tpp.hitung-ulang.${run.runId}.${line.nip}`, '');
  const [empty, setEmpty] = useState(false);
  const [changes, setChanges] = useState<AmountChange[] | null>(null);
  const recalc = useCommand(
    (body: { reason: string }, key: string) =>
      unwrap(
        api.POST('/api/v1/payroll/opds/{opdId}/runs/{month}/slips/{nip}/recalculate', {
          params: { path: { opdId: run.opdId, month: run.month, nip: line.nip } },
          body,
          headers: commandHeaders(key),
        }),
      ),
    {
      invalidates: [runKey(run.opdId, run.month)],
      onSuccess: (r) => {
        clear();
        setChanges(slipChanges(line.amounts, r.amounts));
      },
    },
  );
  const names = new Map(AMOUNT_LABEL);
  return (
    <Card withBorder padding="md" mt="md" data-testid="recalculate-slip">
      <Title order={3} size="h5" mb="xs">
        Hitung ulang slip {line.name ?? line.nip} ({line.nip})
      </Title>
      {!changes ? (
        <>
          <Textarea
            label="Alasan hitung ulang"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={empty ? 'Alasan wajib diisi.' : fieldError(recalc.error, 'reason')}
            autosize
            minRows={2}
            maw={640}
          />
          <Group gap="sm" mt="sm">
            <Button
              loading={recalc.isPending}
              onClick={() => {
                setEmpty(!reason.trim());
                if (reason.trim()) recalc.mutate({ reason: reason.trim() });
              }}
            >
              Hitung ulang dari data terkini
            </Button>
            <Button variant="default" onClick={onClose}>
              Batal
            </Button>
          </Group>
          <ErrorNote error={recalc.error} title="Slip tidak dapat dihitung ulang" />
        </>
      ) : (
        <>
          <ScrollTable minWidth={480} label="Slip sebelum dan sesudah (dapat digeser)">
            <Table striped aria-label={`Slip ${line.nip} sebelum dan sesudah dihitung ulang`} data-testid="slip-changes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Komponen</Table.Th>
                  <Table.Th ta="right">Sebelum</Table.Th>
                  <Table.Th ta="right">Sesudah</Table.Th>
                  <Table.Th ta="right">Selisih</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {changes.map((c) => (
                  <Table.Tr key={c.key}>
                    <Table.Th scope="row" fw={400}>
                      {names.get(c.key) ?? c.key}
                    </Table.Th>
                    <Table.Td ta="right">{formatRupiah(c.before)}</Table.Td>
                    <Table.Td ta="right">{formatRupiah(c.after)}</Table.Td>
                    <Table.Td ta="right">
                      {c.change === '0' ? '–' : (c.change.startsWith('+') ? '+' : '') + formatRupiah(c.change.replace('+', ''))}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <Text size="sm" mt="xs">
            Slip telah dihitung ulang; ringkasan (digest) dan total daftar berubah. Tanda tangan berikutnya memakai ringkasan yang baru.
          </Text>
          <Button variant="default" mt="sm" onClick={onClose}>
            Tutup
          </Button>
        </>
      )}
    </Card>
  );
}
