import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Box, Card, Group, NativeSelect, Pagination, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatDate, formatInstant, formatRupiah } from '../../format';
import { label } from '../../i18n/terms';
import { hasRole } from '../../session/session';
import { useSession } from '../../session/hooks';
import { ChangeForm, CHANGE_KINDS, type ChangeKind } from './ChangeForm';
import {
  EMPLOYMENT_STATE_LABEL,
  HISTORY_TYPE_LABEL,
  historyLines,
  positionIndex,
  recordChanges,
  type EmployeeRecord,
  type PositionInfo,
} from './people';
import { isDate, useOrgChart } from './queries';

function useRecord(nip: string, date: string) {
  return useQuery({
    queryKey: ['employee', nip, date],
    queryFn: () => unwrap(api.GET('/api/v1/employees/{nip}', { params: { path: { nip }, query: { date } } })),
    enabled: isDate(date),
  });
}

function Field({ name, children, testId }: { name: string; children: React.ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Text size="xs" c="dimmed">
        {name}
      </Text>
      <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

const positionText = (id: string, positions: ReadonlyMap<string, PositionInfo>) => {
  const p = positions.get(id);
  return p ? `${p.name} — ${p.unit}` : id;
};

/**
 * Catatan pegawai: the record of one employee as of any date (GET /api/v1/employees/{nip}?date=), with
 * the atasan langsung on that date (…/supervisor, a Plt marked), what differs from today's record, and,
 * for BKPSDM, the changes of the register (position, OPD, employment state, salary, tax category, bank
 * account), each from an effective date with its reason.
 */
export function EmployeePage() {
  const { nip = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const today = todayInJakarta();
  const date = params.get('tanggal') ?? today;
  const [typed, setTyped] = useState(date);
  const session = useSession();
  const admin = hasRole(session, 'admin_kepegawaian');
  const finance = hasRole(session, 'bendahara');
  const record = useRecord(nip, date);
  const current = useRecord(nip, today);
  const supervisor = useQuery({
    queryKey: ['employee-supervisor', nip, date],
    queryFn: () => unwrap(api.GET('/api/v1/employees/{nip}/supervisor', { params: { path: { nip }, query: { date } } })),
    enabled: isDate(date),
  });
  const chart = useOrgChart(date);
  const [historyPage, setHistoryPage] = useState(1);
  const history = useQuery({
    queryKey: ['employee', nip, 'history', historyPage],
    queryFn: () =>
      unwrap(api.GET('/api/v1/employees/{nip}/history', { params: { path: { nip }, query: { page: historyPage, pageSize: 20 } } })),
  });
  const positions = positionIndex(chart.data?.opds ?? []);
  const [kind, setKind] = useState<ChangeKind>('position');
  const [saved, setSaved] = useState<string | null>(null);
  const r = record.data;
  const changes = r && current.data && date !== today ? recordChanges(r, current.data) : [];
  const mayChange = admin || finance;
  const kinds = CHANGE_KINDS.filter((k) => admin || ['salary', 'tax-category', 'bank-account'].includes(k.kind));
  const chooseDate = (d: string) => {
    setTyped(d);
    if (!isDate(d)) return;
    const p = new URLSearchParams(params);
    if (d === today) p.delete('tanggal');
    else p.set('tanggal', d);
    setParams(p, { replace: true });
  };
  return (
    <Page
      title={r ? r.name : 'Catatan pegawai'}
      description={<>NIP {nip}</>}
      loading={record.isPending && isDate(date)}
      error={record.error}
      actions={
        <TextInput
          type="date"
          label="Keadaan pada tanggal"
          value={typed}
          onChange={(e) => chooseDate(e.currentTarget.value)}
          data-testid="as-of-date"
        />
      }
    >
      <Anchor component={Link} to="/pegawai" size="sm">
        ← Kembali ke daftar pegawai
      </Anchor>
      {r && (
        <Stack gap="md">
          <Card withBorder padding="md" data-testid="record">
            <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
              <Title order={2} size="h4">
                Keadaan pada {formatDate(date)}
              </Title>
              <Badge variant="light" color={r.employmentState === 'ACTIVE' ? 'green' : 'gray'}>
                {label(EMPLOYMENT_STATE_LABEL, r.employmentState)}
              </Badge>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Field name="Jabatan" testId="record-position">
                {positionText(r.positionId, positions)} ({r.positionId})
              </Field>
              <Field name="Kelas jabatan" testId="record-grade">
                {r.positionGrade}
              </Field>
              <Field name="OPD" testId="record-opd">
                {chart.data?.opds.find((o) => o.unitId === r.orgUnitId)?.name ?? r.orgUnitId}
              </Field>
              <Field name="Atasan langsung" testId="record-supervisor">
                {supervisor.data?.supervisor ? (
                  <>
                    <Anchor component={Link} to={`/pegawai/${supervisor.data.supervisor.nip}`} size="sm">
                      {supervisor.data.supervisor.name ?? supervisor.data.supervisor.nip}
                    </Anchor>{' '}
                    {supervisor.data.supervisor.acting && (
                      <Badge size="xs" color="#9c3b00" variant="filled" tt="none">
                        Plt
                      </Badge>
                    )}
                  </>
                ) : supervisor.isPending ? (
                  'Memuat…'
                ) : (
                  '–'
                )}
              </Field>
              <Field name="Status ASN">{r.asnStatus}</Field>
              <Field name="Kategori pajak">
                TER {r.terCategory}, PTKP {r.ptkpStatus}
              </Field>
              {r.financialDetails === 'shown' && (
                <>
                  <Field name="Gaji dasar (BPJS)">{formatRupiah(r.salaryBase)}</Field>
                  <Field name="Penghasilan bruto sebulan">{formatRupiah(r.salaryGross)}</Field>
                </>
              )}
              <Field name="Rekening">
                {r.bankAccount.bankName} {r.bankAccount.accountNumber} a.n. {r.bankAccount.accountName}
              </Field>
              <Field name="Terdaftar sejak">{formatDate(r.registeredFrom)}</Field>
              <Field name="Perubahan terakhir (TMT)">{formatDate(r.lastChangedOn)}</Field>
            </SimpleGrid>
            <ErrorNote error={supervisor.error} title="Atasan tidak dapat dimuat" />
          </Card>

          {date !== today && (
            <Card withBorder padding="md" data-testid="changes-since">
              <Title order={2} size="h4" mb="xs">
                Perubahan sejak {formatDate(date)} sampai hari ini
              </Title>
              {current.isPending && <Text size="sm">Memuat…</Text>}
              {current.data && changes.length === 0 && <Empty>Tidak ada perubahan.</Empty>}
              {changes.length > 0 && (
                <Table.ScrollContainer minWidth={420} type="native" tabIndex={0} role="region" aria-label="Tabel perubahan, dapat digeser">
                  <Table striped aria-label="Perubahan catatan pegawai">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Data</Table.Th>
                        <Table.Th>{formatDate(date)}</Table.Th>
                        <Table.Th>Hari ini</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {changes.map((c) => (
                        <Table.Tr key={c.key} data-testid={`change-row-${c.key}`}>
                          <Table.Th scope="row">{c.label}</Table.Th>
                          <Table.Td>{c.key === 'positionId' ? positionText(c.before, positions) : c.before}</Table.Td>
                          <Table.Td>{c.key === 'positionId' ? positionText(c.after, positions) : c.after}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
              {current.data && (
                <Text size="xs" c="dimmed" mt="xs">
                  Perubahan terakhir berlaku sejak {formatDate(current.data.lastChangedOn)}.
                </Text>
              )}
            </Card>
          )}

          <Card withBorder padding="md" data-testid="history">
            <Title order={2} size="h4" mb="xs">
              Riwayat
            </Title>
            <ErrorNote error={history.error} title="Riwayat tidak dapat dimuat" />
            {history.isPending && <Text size="sm">Memuat…</Text>}
            {history.data && history.data.items.length === 0 && <Empty>Belum ada riwayat.</Empty>}
            {history.data && history.data.items.length > 0 && (
              <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {history.data.items.map((h) => (
                  <Box
                    component="li"
                    key={h.streamPosition}
                    pl="sm"
                    style={{ borderLeft: '3px solid var(--mantine-color-blue-3)' }}
                    data-testid={`history-${h.type}`}
                  >
                    <Group gap="xs" wrap="wrap">
                      <Text size="sm" fw={700}>
                        {label(HISTORY_TYPE_LABEL, h.type)}
                      </Text>
                      <Anchor component="button" type="button" size="sm" onClick={() => chooseDate(h.effectiveDate)}>
                        berlaku {formatDate(h.effectiveDate)}
                      </Anchor>
                    </Group>
                    {historyLines(h, positions, formatRupiah).map((l) => (
                      <Text key={l} size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {l}
                      </Text>
                    ))}
                    {h.changes.length === 0 && (
                      <Text size="sm" c="dimmed">
                        Rinciannya hanya untuk pegawai ybs. dan petugas keuangan.
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {h.reason ? `${h.reason} · ` : ''}dicatat {formatInstant(h.recordedAt)}
                      {h.actor ? ` oleh ${h.actor}` : ''}
                    </Text>
                  </Box>
                ))}
              </Stack>
            )}
            {history.data && history.data.page.pages > 1 && (
              <Pagination
                mt="sm"
                size="sm"
                total={history.data.page.pages}
                value={historyPage}
                onChange={setHistoryPage}
                getItemProps={(p) => ({ 'aria-label': `Halaman riwayat ${p}` })}
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
          </Card>

          {mayChange && current.data && (
            <Card withBorder padding="md">
              <Title order={2} size="h4" mb="xs">
                Catat perubahan
              </Title>
              {saved && (
                <Text size="sm" c="teal.9" role="status" mb="xs" data-testid="change-saved">
                  Perubahan tersimpan, berlaku sejak {formatDate(saved)}.
                </Text>
              )}
              <NativeSelect
                label="Jenis perubahan"
                value={kind}
                onChange={(e) => {
                  setKind(e.currentTarget.value as ChangeKind);
                  setSaved(null);
                }}
                data={kinds.map((k) => ({ value: k.kind, label: k.label }))}
                mb="sm"
              />
              <ChangeForm
                key={`${kind}-${current.data.version}`}
                kind={kind}
                record={current.data as EmployeeRecord}
                positions={[...positions.values()]}
                opds={(chart.data?.opds ?? []).map((o) => ({ id: o.unitId, name: o.name }))}
                onDone={(d) => setSaved(d)}
              />
            </Card>
          )}
        </Stack>
      )}
    </Page>
  );
}
