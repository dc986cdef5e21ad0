import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Anchor,
  Button,
  Card,
  CloseButton,
  FileInput,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ErrorNote, fieldError } from '../../components/ErrorNote';
import { Page } from '../../components/Page';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { todayInJakarta } from '../../clock';
import { formatBytes, formatDate, formatPeriod } from '../../format';
import { messageOf } from '../../i18n/errors';
import { label, STATUS_LABEL } from '../../i18n/terms';
import { useMe } from '../../session/hooks';
import { PenilaianTabs } from './parts';
import {
  checkObjection,
  daysLeftLabel,
  isEvidenceLink,
  objectionWindow,
  type FieldErrors,
  type ObjectionBody,
  type ObjectionDraft,
  without,
} from './rules';
import { DecisionCard, ObjectionCard, RatingsCard, type AppraisalRow } from './views';

/** Refetch every 0.7 s while the row is older than `version`. */
export const untilVersion =
  (version: number) =>
  (q: { state: { data?: { version: number } } }): number | false =>
    (q.state.data?.version ?? -1) < version ? 700 : false;

export const appraisalQuery = (nip: string, period: string) => ({
  queryKey: ['appraisal', nip, period],
  queryFn: () => unwrap(api.GET('/api/v1/appraisals/{nip}/{period}', { params: { path: { nip, period } } })),
});

/** One of my appraisals: the predikat with its reasons, Ajukan keberatan while the window is open, the decision when it comes. */
export function MyAppraisalPage() {
  const { period = '' } = useParams();
  const me = useMe();
  const nip = me.data?.nip ?? '';
  // After a command, the read model is polled until it shows the stream's new version (it is projected after the append).
  const [awaited, setAwaited] = useState(-1);
  const row = useQuery({ ...appraisalQuery(nip, period), enabled: !!nip, refetchInterval: untilVersion(awaited) });
  const today = todayInJakarta();
  const a = row.data;
  const w = a ? objectionWindow(a, today) : null;
  return (
    <Page
      title={`Penilaian ${formatPeriod(period)}`}
      description={a ? `Status: ${label(STATUS_LABEL, a.state)}` : undefined}
      actions={<PenilaianTabs hasTeam={(me.data?.team.length ?? 0) > 0} />}
      loading={me.isPending || (!!nip && row.isPending)}
      error={me.error ?? row.error}
    >
      <Anchor component={Link} to="/penilaian/saya" size="sm">
        ← Semua penilaian saya
      </Anchor>
      {a && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <RatingsCard row={a} />
          {a.objection ? (
            <ObjectionCard objection={a.objection} />
          ) : (
            <Card withBorder padding="md" data-testid="objection-window">
              <Title order={2} size="h4" mb="xs">
                Jangka waktu keberatan
              </Title>
              {a.objectionDeadline ? (
                <Text size="sm">
                  Hari terakhir mengajukan keberatan: {formatDate(a.objectionDeadline)} —{' '}
                  <strong data-testid="days-left">{daysLeftLabel(w?.daysLeft ?? null)}</strong>.
                </Text>
              ) : (
                <Text size="sm">Penilaian ini belum ditetapkan; keberatan dapat diajukan setelah ditetapkan.</Text>
              )}
            </Card>
          )}
          {a.decision && <DecisionCard decision={a.decision} />}
        </SimpleGrid>
      )}
      {a && awaited > a.version && (
        <Text size="sm" role="status">
          Keberatan terkirim; tampilan sedang diperbarui…
        </Text>
      )}
      {a && w?.open && awaited <= a.version && <ObjectionForm row={a} daysLeft={w.daysLeft ?? 0} onDone={setAwaited} />}
      {a?.objection && !a.decision && (
        <Alert color="blue" variant="light" title="Menunggu keputusan">
          Keberatan Anda sedang menunggu keputusan atasan pejabat penilai, paling lambat {formatDate(a.objection.decisionDue)}.
        </Alert>
      )}
    </Page>
  );
}

function ObjectionForm({ row, daysLeft, onDone }: { row: AppraisalRow; daysLeft: number; onDone: (version: number) => void }) {
  const { nip, period } = row;
  const [draft, setDraft, clear] = useDraft<ObjectionDraft>(`keberatan.${nip}.${period}`, { reasons: '', evidence: [] });
  const [link, setLink] = useState('');
  const [linkError, setLinkError] = useState<string | undefined>();
  const [errors, setErrors] = useState<FieldErrors>(new Map());
  const upload = useCommand(
    async (file: File) => {
      const r = await unwrap(
        api.POST('/api/v1/evidence', {
          body: file as unknown as string,
          bodySerializer: (b: unknown) => b as BodyInit,
          headers: { 'Content-Type': file.type || 'application/octet-stream' },
        }),
      );
      return { sha256: r.sha256, name: `${file.name} (${formatBytes(file.size)})` };
    },
    { onSuccess: (r) => setDraft((d) => ({ ...d, evidence: [...d.evidence, { kind: 'FILE', sha256: r.sha256, name: r.name }] })) },
  );
  const file = useCommand(
    (body: ObjectionBody, key: string) =>
      unwrap(
        api.POST('/api/v1/appraisals/{nip}/{period}/objection', { params: { path: { nip, period } }, body, headers: commandHeaders(key) }),
      ),
    {
      invalidates: [['appraisal', nip, period], ['appraisals', nip], ['inbox']],
      onSuccess: (r) => {
        clear();
        onDone(r.version);
      },
    },
  );
  const err = (path: string) => errors.get(path) ?? fieldError(file.error, path);
  const addLink = () => {
    if (!isEvidenceLink(link)) return setLinkError('Tautan harus diawali http:// atau https:// dan tanpa spasi.');
    setLinkError(undefined);
    setDraft((d) => ({ ...d, evidence: [...d.evidence, { kind: 'LINK', url: link.trim() }] }));
    setLink('');
  };
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="ajukan-keberatan">
      <Title order={2} size="h3" id="ajukan-keberatan">
        Ajukan keberatan
      </Title>
      <Text size="sm" mb="sm" data-testid="objection-days-left">
        Sisa waktu: {daysLeftLabel(daysLeft)} (sampai {formatDate(row.objectionDeadline)}). Keberatan hanya dapat diajukan sekali dan
        diputuskan oleh atasan pejabat penilai.
      </Text>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const checked = checkObjection(draft);
          setErrors(checked.ok ? new Map() : checked.errors);
          if (checked.ok) file.mutate(checked.body);
        }}
      >
        <Stack gap="sm">
          <Textarea
            label="Alasan keberatan"
            required
            autosize
            minRows={3}
            value={draft.reasons}
            onChange={(e) => {
              const reasons = e.currentTarget.value;
              setDraft((d) => ({ ...d, reasons }));
              setErrors((m) => without(m, 'reasons'));
            }}
            error={err('reasons')}
          />
          <div>
            <Text size="sm" fw={500}>
              Bukti dukung (opsional)
            </Text>
            {draft.evidence.length > 0 && (
              <List size="sm" mb="xs">
                {draft.evidence.map((ev, i) => (
                  <List.Item key={i}>
                    <Group gap={4} wrap="nowrap">
                      <Text size="sm" style={{ wordBreak: 'break-all' }} c={err(`evidence.${i}`) ? 'red.9' : undefined}>
                        {ev.kind === 'LINK' ? ev.url : `Berkas ${ev.name ?? ev.sha256.slice(0, 12)}`}
                      </Text>
                      <CloseButton
                        size="sm"
                        aria-label={`Hapus bukti ${i + 1}`}
                        onClick={() => setDraft((d) => ({ ...d, evidence: d.evidence.filter((_, j) => j !== i) }))}
                      />
                    </Group>
                    {err(`evidence.${i}`) && (
                      <Text size="xs" c="red.9">
                        {err(`evidence.${i}`)}
                      </Text>
                    )}
                  </List.Item>
                ))}
              </List>
            )}
            <Group align="flex-end" gap="xs" wrap="wrap">
              <TextInput
                label="Tautan bukti dukung"
                placeholder="https://…"
                value={link}
                onChange={(e) => setLink(e.currentTarget.value)}
                error={linkError}
                style={{ flex: '1 1 220px' }}
              />
              <Button variant="default" onClick={addLink}>
                Tambah tautan
              </Button>
            </Group>
            <FileInput
              mt="xs"
              label="Unggah berkas bukti dukung"
              description={upload.isPending ? 'Mengunggah…' : 'PDF, PNG, JPEG, DOCX atau XLSX.'}
              accept="application/pdf,image/png,image/jpeg,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              disabled={upload.isPending}
              value={null}
              onChange={(f) => f && upload.mutate(f)}
            />
            <ErrorNote error={upload.error} title="Berkas tidak terunggah" />
          </div>
          <Group>
            <Button type="submit" loading={file.isPending}>
              Ajukan keberatan
            </Button>
          </Group>
          <ErrorNote error={file.error} />
          {errors.size > 0 && !file.error && (
            <Text size="sm" c="red.9" role="alert">
              {messageOf('VALIDATION_FAILED')}
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}
