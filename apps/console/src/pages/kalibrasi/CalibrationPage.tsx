import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Group, List, NativeSelect, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { ScrollTable } from './ScrollTable';
import { ErrorNote } from '../../components/ErrorNote';
import { OpdAndTime } from '../../components/OpdAndTime';
import { Empty, Page } from '../../components/Page';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { todayInJakarta } from '../../clock';
import { formatDate, formatPeriod } from '../../format';
import { label, STATUS_LABEL } from '../../i18n/terms';
import { useSession } from '../../session/hooks';
import { ratablePeriods } from '../penilaian/rules';
import { checkRows, checksOf, countRows, countsText, ORGANISATION_RESULT_LABEL, ORGANISATION_RESULTS, refusalLines } from './calibration';
import { opdsOfRole, useOpdAndTime } from './opd';

const distributionQuery = (opdId: string, period: string) => ({
  queryKey: ['distribution', opdId, period],
  queryFn: () => unwrap(api.GET('/api/v1/appraisal-units/{opdId}/{period}/distribution', { params: { path: { opdId, period } } })),
});
const ledgerQuery = (opdId: string, period: string) => ({
  queryKey: ['unit-ledger', opdId, period],
  queryFn: () =>
    unwrap(api.GET('/api/v1/appraisal-units/{opdId}/{period}', { params: { path: { opdId, period }, query: { limit: 500, offset: 0 } } })),
});

/**
 * Kalibrasi: an OPD's predikat distribution for a period beside the curve of its organisational
 * result. BKPSDM records the organisational result; the head of the OPD justifies a distribution off
 * the curve and issues; the inspectorate reads. Each button is offered to whom the API allows it.
 */
export function CalibrationPage() {
  const session = useSession();
  const roles = session?.claims.roles ?? [];
  const isAdmin = roles.includes('admin_kepegawaian');
  const headOf = opdsOfRole(roles, 'kepala_opd');
  const anyOpd = isAdmin || roles.includes('inspektorat');
  const periods = useMemo(() => ratablePeriods(todayInJakarta()), []);
  const { opdList, opdOptions, opdId, time: period, choose } = useOpdAndTime({ anyOpd, headOf, timeParam: 'periode', times: periods });

  const dist = useQuery({ ...distributionQuery(opdId, period), enabled: !!opdId });
  const ledger = useQuery({ ...ledgerQuery(opdId, period), enabled: !!opdId });
  const isHead = headOf.includes(opdId);

  return (
    <Page
      title="Kalibrasi penilaian"
      description="Sebaran predikat pegawai satu OPD dibandingkan dengan kurva sesuai hasil kerja organisasinya, sebelum penilaian ditetapkan."
      loading={anyOpd && opdList.isPending}
      error={opdList.error}
    >
      <OpdAndTime
        opdId={opdId}
        opdOptions={opdOptions}
        onOpd={(opd) => choose({ opd })}
        timeLabel="Periode penilaian"
        time={period}
        times={periods}
        formatTime={formatPeriod}
        onTime={(time) => choose({ time })}
      />
      {dist.error ? <ErrorNote error={dist.error} title="Sebaran tidak dapat dimuat" /> : null}
      {dist.data && (
        <Distribution
          key={`${opdId}.${period}`}
          dist={dist.data}
          opdId={opdId}
          period={period}
          isAdmin={isAdmin}
          isHead={isHead}
          ledger={ledger.data?.appraisals ?? []}
        />
      )}
    </Page>
  );
}

type DistributionData = Awaited<ReturnType<ReturnType<typeof distributionQuery>['queryFn']>>;
type LedgerRow = Awaited<ReturnType<ReturnType<typeof ledgerQuery>['queryFn']>>['appraisals'][number];

function Distribution({
  dist,
  opdId,
  period,
  isAdmin,
  isHead,
  ledger,
}: {
  dist: DistributionData;
  opdId: string;
  period: string;
  isAdmin: boolean;
  isHead: boolean;
  ledger: LedgerRow[];
}) {
  const counts = countRows(dist.counts);
  const checks = checksOf(dist.check);
  const rows = checkRows(checks);
  const check = dist.check as { withinCurve?: boolean; exempt?: boolean } | null;
  const justification = dist.justification as { text?: string; at?: string; current?: boolean } | null;
  const issued = dist.issued as { issuedOn?: string; nips?: string[] } | null;
  const names = new Map(ledger.map((r) => [r.nip, r]));
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat label="Pegawai" value={String(dist.employees)} />
        <Stat label="Sudah dinilai" value={String(dist.rated)} testId="rated" />
        <Stat label="Belum dinilai" value={String(dist.unrated.length)} />
        <Stat
          label="Hasil kerja organisasi"
          value={label(ORGANISATION_RESULT_LABEL, dist.organisationResult)}
          testId="organisation-result"
        />
      </SimpleGrid>
      {issued ? (
        <Alert color="green" variant="light" title="Sudah ditetapkan" data-testid="issued">
          Penilaian {formatPeriod(period)} ditetapkan pada {formatDate(issued.issuedOn)} untuk {issued.nips?.length ?? 0} pegawai.
        </Alert>
      ) : check ? (
        check.exempt ? (
          <Alert color="blue" variant="light" title="Unit kecil">
            Unit dengan kurang dari {dist.minUnitSize} pegawai dinilai tidak diperiksa terhadap kurva.
          </Alert>
        ) : check.withinCurve ? (
          <Alert color="green" variant="light" title="Sesuai kurva" data-testid="within-curve">
            Sebaran predikat berada dalam kurva hasil kerja organisasi {label(ORGANISATION_RESULT_LABEL, dist.organisationResult)}.
          </Alert>
        ) : (
          <Alert color="orange" variant="light" title="Di luar kurva" data-testid="over-curve">
            <Text size="sm">Sebaran ({countsText(dist.counts)}) melampaui kurva:</Text>
            <List size="sm">
              {rows
                .filter((r) => !r.ok)
                .map((r) => (
                  <List.Item key={r.rule}>
                    {r.rule}; saat ini {r.aktual} orang.
                  </List.Item>
                ))}
            </List>
            {justification?.current ? <Text size="sm">Alasan kepala OPD sudah dicatat untuk sebaran ini.</Text> : null}
          </Alert>
        )
      ) : (
        <Alert color="yellow" variant="light" title="Hasil kerja organisasi belum dicatat">
          Kurva dipilih dari hasil kerja organisasi; BKPSDM mencatatnya sebelum penilaian ditetapkan.
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Jumlah pegawai per predikat
          </Title>
          <figure
            role="img"
            aria-label={`Jumlah per predikat: ${counts.map((c) => `${c.label} ${c.count}`).join(', ')}`}
            style={{ margin: 0 }}
          >
            <ResponsiveContainer width="100%" height={220}>
              <BarChart data={counts} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="label" fontSize={11} interval={0} />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="count" name="Pegawai" fill="#1c7ed6" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <ScrollTable label="Tabel jumlah per predikat" minWidth={280}>
            <Table data-testid="counts-table" striped>
              <Table.Caption>Jumlah pegawai per predikat (teks grafik)</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Predikat</Table.Th>
                  <Table.Th>Pegawai</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {counts.map((c) => (
                  <Table.Tr key={c.predikat}>
                    <Table.Td>{c.label}</Table.Td>
                    <Table.Td>{c.count}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Kurva: batas dan jumlah
          </Title>
          {rows.length === 0 ? (
            <Empty>Kurva tampil setelah hasil kerja organisasi dicatat.</Empty>
          ) : (
            <>
              <figure
                role="img"
                aria-label={`Kurva: ${rows.map((r) => `${r.rule}, saat ini ${r.aktual}`).join('; ')}`}
                style={{ margin: 0 }}
              >
                <ResponsiveContainer width="100%" height={220}>
                  <BarChart data={rows} accessibilityLayer={false}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="name" fontSize={11} interval={0} />
                    <YAxis allowDecimals={false} />
                    <Tooltip />
                    <Legend />
                    <Bar dataKey="batas" name="Batas" fill="#868e96" isAnimationActive={false} />
                    <Bar dataKey="aktual" name="Aktual" fill="#e8590c" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </figure>
              <ScrollTable label="Tabel kurva" minWidth={420}>
                <Table data-testid="curve-table" striped>
                  <Table.Caption>Aturan kurva, batas dan jumlah aktual (teks grafik)</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Aturan</Table.Th>
                      <Table.Th>Batas</Table.Th>
                      <Table.Th>Aktual</Table.Th>
                      <Table.Th>Status</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r) => (
                      <Table.Tr key={r.rule}>
                        <Table.Td>{r.rule}</Table.Td>
                        <Table.Td>{r.batas}</Table.Td>
                        <Table.Td>{r.aktual}</Table.Td>
                        <Table.Td>
                          <Text size="sm" fw={r.ok ? 400 : 700}>
                            {r.ok ? 'Sesuai' : 'Melampaui'}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollTable>
            </>
          )}
        </Card>
      </SimpleGrid>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Belum dinilai ({dist.unrated.length})
        </Title>
        {dist.unrated.length === 0 ? (
          <Empty>Semua pegawai unit ini sudah dinilai.</Empty>
        ) : (
          <List size="sm" data-testid="unrated">
            {dist.unrated.slice(0, 50).map((nip) => (
              <List.Item key={nip}>{nip}</List.Item>
            ))}
            {dist.unrated.length > 50 ? <List.Item>dan {dist.unrated.length - 50} lainnya</List.Item> : null}
          </List>
        )}
        {names.size > 0 && (
          <Text size="xs" c="dimmed" mt="xs">
            {ledger.filter((r) => r.state === 'DRAFT').length} penilaian berstatus {label(STATUS_LABEL, 'DRAFT')}.
          </Text>
        )}
      </Card>

      {isAdmin && !issued && <OrganisationResultForm opdId={opdId} period={period} current={dist.organisationResult} />}
      {isHead && !issued && (
        <HeadActions
          opdId={opdId}
          period={period}
          justification={justification}
          offCurve={!!check && !check.exempt && !check.withinCurve}
        />
      )}
      {justification?.text ? (
        <Card withBorder data-testid="justification">
          <Text size="sm" fw={600}>
            Alasan kepala OPD {justification.current ? '' : '(untuk sebaran sebelumnya)'}
          </Text>
          <Text size="sm">{justification.text}</Text>
        </Card>
      ) : null}
    </Stack>
  );
}

function Stat({ label: l, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {l}
      </Text>
      <Text fw={700}>{value}</Text>
    </Card>
  );
}

const invalidates = (opdId: string, period: string) => [
  ['distribution', opdId, period],
  ['unit-ledger', opdId, period],
];

function OrganisationResultForm({ opdId, period, current }: { opdId: string; period: string; current: string | null }) {
  const [draft, setDraft, clear] = useDraft(`kalibrasi.hasil.${opdId}.${period}`, { result: current ?? 'BAIK', reason: '' });
  const [missing, setMissing] = useState(false);
  const send = useCommand(
    (body: { result: (typeof ORGANISATION_RESULTS)[number]; reason: string }, key: string) =>
      unwrap(
        api.POST('/api/v1/appraisal-units/{opdId}/{period}/organisation-result', {
          params: { path: { opdId, period } },
          body: body as never,
          headers: commandHeaders(key),
        }),
      ),
    { invalidates: invalidates(opdId, period), onSuccess: () => clear() },
  );
  return (
    <Card
      withBorder
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!draft.reason.trim()) return setMissing(true);
        setMissing(false);
        send.mutate({ result: draft.result as never, reason: draft.reason.trim() });
      }}
    >
      <Title order={2} size="h4" mb="xs">
        Hasil kerja organisasi (BKPSDM)
      </Title>
      <Stack gap="xs">
        <NativeSelect
          label="Hasil kerja organisasi"
          value={draft.result}
          onChange={(e) => {
            const result = e.currentTarget.value;
            setDraft((d) => ({ ...d, result }));
          }}
          data={ORGANISATION_RESULTS.map((r) => ({ value: r, label: label(ORGANISATION_RESULT_LABEL, r) }))}
        />
        <Textarea
          label="Sumber hasil kerja organisasi"
          description="Misalnya: LKjIP 2026 triwulan III"
          value={draft.reason}
          error={missing ? 'Sumber wajib diisi.' : undefined}
          onChange={(e) => {
            const reason = e.currentTarget.value;
            setDraft((d) => ({ ...d, reason }));
          }}
          maxLength={1000}
        />
        <Group>
          <Button type="submit" loading={send.isPending}>
            Catat hasil kerja organisasi
          </Button>
          {send.isSuccess && <Text size="sm">Tercatat.</Text>}
        </Group>
        <ErrorNote error={send.error} />
      </Stack>
    </Card>
  );
}

function HeadActions({
  opdId,
  period,
  justification,
  offCurve,
}: {
  opdId: string;
  period: string;
  justification: { text?: string; current?: boolean } | null;
  offCurve: boolean;
}) {
  const [text, setText, clear] = useDraft(`kalibrasi.alasan.${opdId}.${period}`, '');
  const [missing, setMissing] = useState(false);
  const justify = useCommand(
    (body: { justification: string }, key: string) =>
      unwrap(
        api.POST('/api/v1/appraisal-units/{opdId}/{period}/justification', {
          params: { path: { opdId, period } },
          body,
          headers: commandHeaders(key),
        }),
      ),
    { invalidates: invalidates(opdId, period), onSuccess: () => clear() },
  );
  const issue = useCommand(
    (_: void, key: string) =>
      unwrap(
        api.POST('/api/v1/appraisal-units/{opdId}/{period}/issue', {
          params: { path: { opdId, period } },
          headers: commandHeaders(key),
        }),
      ),
    { invalidates: invalidates(opdId, period) },
  );
  const refusal = issue.error instanceof ApiError && issue.error.code === 'DISTRIBUTION_EXCEEDED' ? issue.error.details : null;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        Penetapan oleh kepala OPD
      </Title>
      <Stack gap="sm">
        {(offCurve || refusal) && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!text.trim()) return setMissing(true);
              setMissing(false);
              justify.mutate({ justification: text.trim() });
            }}
          >
            <Stack gap="xs">
              <Textarea
                label="Alasan penyimpangan dari kurva"
                description="Alasan berlaku untuk sebaran saat ini; bila penilaian berubah, tulis lagi."
                value={text}
                error={missing ? 'Alasan wajib diisi.' : undefined}
                onChange={(e) => setText(e.currentTarget.value)}
                maxLength={2000}
                autosize
                minRows={2}
              />
              <Group>
                <Button type="submit" variant="light" loading={justify.isPending}>
                  Catat alasan
                </Button>
                {justification?.current && <Text size="sm">Alasan tercatat untuk sebaran ini.</Text>}
              </Group>
              <ErrorNote error={justify.error} />
            </Stack>
          </form>
        )}
        <Group>
          <Button onClick={() => issue.mutate()} loading={issue.isPending}>
            Tetapkan penilaian
          </Button>
          {issue.data && (
            <Text size="sm" data-testid="issue-answer">
              {issue.data.issued} penilaian ditetapkan pada {formatDate(issue.data.issuedOn)}.
            </Text>
          )}
        </Group>
        <ErrorNote error={issue.error} title="Penetapan ditolak" />
        {refusal && (
          <Alert color="red" variant="outline" title="Rincian penolakan" data-testid="refusal">
            <Text size="sm">Sebaran yang dinilai: {countsText(refusal.counts)}.</Text>
            <List size="sm">
              {refusalLines(refusal).map((l) => (
                <List.Item key={l}>{l}</List.Item>
              ))}
            </List>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
