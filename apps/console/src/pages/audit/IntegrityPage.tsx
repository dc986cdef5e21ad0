import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Anchor, Button, Card, Code, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { formatInstant } from '../../format';
import { label } from '../../i18n/terms';
import { formatCount, integrityResultOf, phaseOf, progressOf } from './audit';
import { saveBlob } from '../../api/download';

const TRIGGER_LABEL: ReadonlyMap<string, string> = new Map([
  ['DAILY', 'Harian'],
  ['PAYROLL_DISBURSED', 'Pencairan TPP'],
  ['ON_DEMAND', 'Atas permintaan'],
]);

const JOB_ID = /^[A-Za-z0-9:_-]{1,100}$/;

/**
 * Integritas: the whole log's hash chains checked as a background job, its progress followed until
 * the answer (every chain intact with the counts, or the first broken link named); the seals that
 * anchor the log outside, each file downloadable, and the public key that checks them.
 */
export function IntegrityPage() {
  const [params, setParams] = useSearchParams();
  const jobParam = params.get('proses') ?? '';
  const jobId = JOB_ID.test(jobParam) ? jobParam : null;

  const start = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/audit/verify')),
    onSuccess: (r) => setParams({ proses: r.jobId }),
  });
  const job = useQuery({
    queryKey: ['job', jobId],
    queryFn: () => unwrap(api.GET('/api/v1/jobs/{id}', { params: { path: { id: jobId! } } })),
    enabled: !!jobId,
    refetchInterval: (q) => {
      const phase = q.state.data ? phaseOf(q.state.data.state) : 'waiting';
      return phase === 'done' || phase === 'failed' || q.state.error ? false : 700;
    },
  });
  const phase = job.data ? phaseOf(job.data.state) : null;
  const progress = progressOf(job.data?.progress) ?? { percent: phase === 'done' ? 100 : 0 };
  const result = phase === 'done' ? integrityResultOf(job.data?.result) : null;

  const seals = useQuery({ queryKey: ['audit-seals'], queryFn: () => unwrap(api.GET('/api/v1/audit/seals')) });
  const key = useQuery({ queryKey: ['audit-seal-key'], queryFn: () => unwrap(api.GET('/api/v1/audit/seal-key')) });
  const sealFile = useMutation({
    mutationFn: async (s: { seal: number; fileName: string }) => {
      const text = await unwrap(
        api.GET('/api/v1/audit/seals/{seal}/file', { params: { path: { seal: String(s.seal) } }, parseAs: 'text' }),
      );
      saveBlob(
        new Blob([text as string], { type: 'text/plain' }),
        /^[A-Za-z0-9._-]{1,100}$/.test(s.fileName) ? s.fileName : `segel-${s.seal}.txt`,
      );
    },
  });
  const saveKey = () => {
    if (key.data) saveBlob(new Blob([key.data.publicKeyPem], { type: 'application/x-pem-file' }), 'kinerja-kunci-segel.pem');
  };

  return (
    <Page
      title="Integritas log audit"
      description="Periksa rantai hash setiap aliran peristiwa, dan unduh segel audit beserta kunci publik untuk memeriksanya di luar sistem."
    >
      <Card withBorder padding="md" data-testid="verify">
        <Title order={2} size="h4" mb="xs">
          Pemeriksaan rantai hash
        </Title>
        <Text size="sm" mb="sm">
          Setiap peristiwa memuat hash peristiwa sebelumnya dalam alirannya; pemeriksaan menghitung ulang seluruh rantai dan menyebut mata
          rantai pertama yang putus.
        </Text>
        <Button onClick={() => start.mutate()} loading={start.isPending} disabled={!!jobId && (phase === 'waiting' || phase === 'running')}>
          {jobId ? 'Periksa ulang' : 'Periksa integritas'}
        </Button>
        <ErrorNote error={start.error} title="Pemeriksaan tidak dapat dimulai" />
        <ErrorNote error={job.error} title="Kemajuan pemeriksaan tidak dapat dimuat" />
        {jobId && job.data && (
          <Stack gap={6} mt="md" data-testid="verify-progress">
            <Text size="sm" aria-live="polite">
              {phase === 'waiting' && 'Menunggu giliran…'}
              {phase === 'running' && 'Sedang memeriksa…'}
              {phase === 'done' && 'Selesai.'}
              {phase === 'failed' && 'Pemeriksaan gagal dijalankan.'}{' '}
              {progress.checked !== undefined && progress.total !== undefined
                ? `${formatCount(progress.checked)} dari ${formatCount(progress.total)} peristiwa diperiksa (${progress.percent}%).`
                : `${progress.percent}%`}
            </Text>
            <Progress.Root size="lg">
              <Progress.Section
                value={progress.percent}
                aria-label="Kemajuan pemeriksaan integritas"
                color={phase === 'failed' ? 'red' : 'blue'}
              />
            </Progress.Root>
          </Stack>
        )}
        {phase === 'failed' && (
          <Alert color="red" variant="light" mt="md" role="alert" title="Pemeriksaan gagal dijalankan">
            <Text size="sm">Proses pemeriksaan berhenti sebelum selesai. Coba lagi; bila berulang, laporkan kepada admin.</Text>
            {job.data?.failedReason && (
              <Text size="xs" c="dimmed" lang="en">
                {job.data.failedReason}
              </Text>
            )}
          </Alert>
        )}
        {result?.ok && (
          <Alert color="green" variant="light" mt="md" title="Utuh: semua rantai hash utuh" data-testid="verify-result" data-ok="true">
            <Text size="sm">
              {formatCount(result.eventsChecked)} peristiwa dalam {formatCount(result.streamsChecked)} aliran diperiksa; tidak ada yang
              diubah atau dihapus di tengah rantai.
            </Text>
          </Alert>
        )}
        {result && !result.ok && (
          <Alert color="red" variant="light" mt="md" role="alert" title="Rantai hash putus" data-testid="verify-result" data-ok="false">
            <Text size="sm">
              {formatCount(result.eventsChecked)} peristiwa dalam {formatCount(result.streamsChecked)} aliran diperiksa.
            </Text>
            {result.firstBroken && (
              <Text size="sm" mt={4}>
                Mata rantai pertama yang putus: aliran{' '}
                <Anchor
                  component={Link}
                  to={`/audit/aliran/${encodeURIComponent(result.firstBroken.streamId)}`}
                  c="inherit"
                  underline="always"
                  fw={600}
                >
                  {result.firstBroken.streamId}
                </Anchor>
                , versi {result.firstBroken.streamPosition} (posisi global {result.firstBroken.globalPosition}):{' '}
                <Code>{result.firstBroken.problem}</Code>
              </Text>
            )}
          </Alert>
        )}
      </Card>

      <Card withBorder padding="md" data-testid="seals">
        <Title order={2} size="h4" mb="xs">
          Segel audit
        </Title>
        <Text size="sm" mb="sm">
          Setiap segel menandatangani akar Merkle dari ujung semua aliran pada satu saat. Berkasnya dapat diperiksa dengan{' '}
          <Code>kinerja audit verify --seal &lt;berkas&gt; --key &lt;kunci publik&gt;</Code>.
        </Text>
        <ErrorNote error={seals.error} title="Daftar segel tidak dapat dimuat" />
        {seals.isPending && <Text size="sm">Memuat segel…</Text>}
        {seals.data && seals.data.seals.length === 0 && <Empty>Belum ada segel.</Empty>}
        {seals.data && seals.data.seals.length > 0 && (
          <Table.ScrollContainer minWidth={640} type="native" tabIndex={0} role="region" aria-label="Tabel segel audit (dapat digeser)">
            <Table striped aria-label="Daftar segel audit">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">No.</Table.Th>
                  <Table.Th scope="col">Waktu</Table.Th>
                  <Table.Th scope="col">Pemicu</Table.Th>
                  <Table.Th scope="col">Aliran</Table.Th>
                  <Table.Th scope="col">Akar Merkle</Table.Th>
                  <Table.Th scope="col">Berkas</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {seals.data.seals.map((s) => (
                  <Table.Tr key={s.seal} data-testid={`seal-${s.seal}`}>
                    <Table.Td>{s.seal}</Table.Td>
                    <Table.Td>{formatInstant(s.sealedAt)}</Table.Td>
                    <Table.Td>
                      {label(TRIGGER_LABEL, s.trigger)}
                      {s.runId ? ` (${s.runId})` : ''}
                    </Table.Td>
                    <Table.Td>{formatCount(s.streams)}</Table.Td>
                    <Table.Td>
                      <Code title={s.root}>{s.root.slice(0, 16)}…</Code>
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant="light"
                        onClick={() => sealFile.mutate(s)}
                        loading={sealFile.isPending && sealFile.variables?.seal === s.seal}
                        aria-label={`Unduh berkas segel ${s.seal}`}
                      >
                        Unduh
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <ErrorNote error={sealFile.error} title="Berkas segel tidak dapat diunduh" />
        <Group mt="md" gap="sm" wrap="wrap">
          <Button variant="default" onClick={saveKey} disabled={!key.data}>
            Unduh kunci publik
          </Button>
          {key.data && (
            <Text size="xs" style={{ wordBreak: 'break-all' }}>
              {key.data.algorithm}, sidik {key.data.fingerprint}
            </Text>
          )}
        </Group>
        <ErrorNote error={key.error} title="Kunci publik tidak dapat dimuat" />
      </Card>
    </Page>
  );
}
