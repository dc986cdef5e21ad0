import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, CloseButton, Group, Radio, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { AnswerRealisationBody, RecordRealisationBody } from '@kinerja/contracts/realisation';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ErrorNote, fieldError } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatBytes, formatPeriod } from '../../format';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { label } from '../../i18n/terms';
import { useSession } from '../../session/hooks';
import { EvidencePicker, type PickedEvidence } from './EvidencePicker';
import { fieldErrorsOf, isMonth, numberOf, optionalText, rhkOptions, type AnswerKind, type RhkOption } from './logic';
import { ANSWER_COLOR, ANSWER_LABEL, realisationsQuery, workPlanQuery } from './queries';
import { EvidenceFile } from '../../components/EvidenceFile';

type Realisation = NonNullable<ReturnType<typeof useRealisations>['data']>['realisations'][number];
/**
 * The realisations come from a read model that follows the events within a moment: after a save or an
 * answer the list is asked again every half second until it shows what was sent (`awaiting`).
 */
const useRealisations = (nip: string, period: string, awaiting: boolean) =>
  useQuery({ ...realisationsQuery(nip, period), refetchInterval: awaiting ? 500 : false });

/** What was sent and not yet seen in the list: by indicator, the revision (or answer) it waits for. */
type Awaiting = ReadonlyMap<string, (r: Realisation | undefined) => boolean>;

const TYPE_NAME = new Map([
  ['application/pdf', 'PDF'],
  ['image/png', 'PNG'],
  ['image/jpeg', 'JPEG'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'DOCX'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX'],
]);

/**
 * Realisasi: per indicator (IKI) of the approved SKP, the month's quantity, quality and time with its
 * evidence (files uploaded with their progress, checked before they are sent; links), and the
 * supervisor's answer. `/realisasi` is mine, with the period to choose; `/realisasi/:nip/:period` is
 * where a supervisor answers a subordinate's (the inbox links there).
 */
export function RealisationPage() {
  const session = useSession();
  const route = useParams();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const today = todayInJakarta();
  const mine = session?.claims.nip ?? '';
  const nip = route.nip ?? mine;
  const period = isMonth(route.period) ? route.period : isMonth(search.get('periode')) ? search.get('periode')! : today.slice(0, 7);
  const own = nip === mine;
  const plan = useQuery(workPlanQuery(nip, Number(period.slice(0, 4))));
  const [awaiting, setAwaiting] = useState<Awaiting>(new Map());
  const list = useRealisations(nip, period, awaiting.size > 0);
  const results = useMemo(() => rhkOptions(plan.data), [plan.data]);
  const byIndicator = new Map((list.data?.realisations ?? []).map((r) => [r.indicatorId, r]));
  const seen = [...awaiting].filter(([id, done]) => done(byIndicator.get(id))).map(([id]) => id);
  if (seen.length) setAwaiting((a) => new Map([...a].filter(([id]) => !seen.includes(id))));
  const wait = (id: string, done: (r: Realisation | undefined) => boolean) => setAwaiting((a) => new Map(a).set(id, done));

  return (
    <Page
      title={own ? 'Realisasi' : 'Realisasi bawahan'}
      description={own ? 'Capaian bulanan setiap IKI SKP Anda, dengan bukti dukung.' : `NIP ${nip}: tanggapi realisasi per IKI.`}
      loading={plan.isPending || list.isPending}
      error={plan.error ?? list.error}
    >
      <Group align="flex-end" gap="sm">
        <TextInput
          label="Periode"
          type="month"
          value={period}
          max={today.slice(0, 7)}
          onChange={(e) => {
            const p = e.currentTarget.value;
            if (!isMonth(p)) return;
            if (route.nip) navigate(`/realisasi/${nip}/${p}`);
            else setSearch({ periode: p });
          }}
        />
        <Text size="sm" c="dimmed" pb={8}>
          {formatPeriod(period)}
        </Text>
      </Group>
      {plan.data && results.length === 0 && (
        <Empty>Belum ada SKP {period.slice(0, 4)} yang disetujui, sehingga belum ada IKI untuk direalisasikan.</Empty>
      )}
      {results.map((r) => (
        <Card key={r.value} withBorder padding="md" component="section" aria-label={`RHK ${r.label}`}>
          <Title order={2} size="h4" mb="xs">
            {r.label}
          </Title>
          <Stack gap="md">
            {r.indicators.map((i) => (
              <IndicatorBlock
                key={i.indicatorId}
                nip={nip}
                period={period}
                own={own}
                indicator={i}
                realisation={byIndicator.get(i.indicatorId)}
                sent={awaiting.has(i.indicatorId)}
                onSent={(done) => wait(i.indicatorId, done)}
              />
            ))}
          </Stack>
        </Card>
      ))}
    </Page>
  );
}

function IndicatorBlock({
  nip,
  period,
  own,
  indicator,
  realisation,
  sent,
  onSent,
}: {
  nip: string;
  period: string;
  own: boolean;
  indicator: RhkOption['indicators'][number];
  realisation: Realisation | undefined;
  /** Sent, and not yet in the list. */
  sent: boolean;
  onSent: (done: (r: Realisation | undefined) => boolean) => void;
}) {
  const canRecord = own && !sent && (!realisation || realisation.answer?.kind === 'NEEDS_REVISION');
  return (
    <div data-testid={`iki-${indicator.indicatorId}`}>
      <Text fw={600} size="sm">
        IKI: {indicator.text}
      </Text>
      {indicator.quantity !== null && (
        <Text size="xs" c="dimmed">
          Target tahunan: {indicator.quantity} {indicator.unit ?? ''}
        </Text>
      )}
      {realisation && <RealisationSummary r={realisation} unit={indicator.unit} />}
      {!realisation && !own && (
        <Text size="sm" c="dimmed">
          Belum ada realisasi untuk periode ini.
        </Text>
      )}
      {sent && (
        <Alert color="green" role="status" mt="xs" title="Terkirim">
          {own ? 'Realisasi tersimpan.' : 'Tanggapan terkirim.'} Memuat data terbaru…
        </Alert>
      )}
      {canRecord && (
        <RecordForm
          nip={nip}
          period={period}
          indicatorId={indicator.indicatorId}
          previous={realisation}
          onRecorded={() => {
            const before = realisation?.revision ?? 0;
            onSent((r) => !!r && r.revision > before);
          }}
        />
      )}
      {!own && !sent && realisation && !realisation.answer && (
        <AnswerForm nip={nip} period={period} indicatorId={indicator.indicatorId} onAnswered={() => onSent((r) => !!r?.answer)} />
      )}
    </div>
  );
}

function RealisationSummary({ r, unit }: { r: Realisation; unit: string | null }) {
  return (
    <Card withBorder padding="xs" mt="xs" bg="gray.0">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm">
          Kuantitas {r.quantity} {unit ?? ''} · Kualitas {r.quality}% · Waktu {r.timeMonths} bulan
        </Text>
        <Badge color={r.answer ? label(ANSWER_COLOR, r.answer.kind) : 'gray'} variant="light">
          {r.answer ? label(ANSWER_LABEL, r.answer.kind) : 'Menunggu tanggapan'}
        </Badge>
      </Group>
      {r.note && <Text size="sm">Catatan: {r.note}</Text>}
      {r.evidence.length > 0 && (
        <Text size="sm" component="div">
          Bukti dukung:
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {r.evidence.map((e) =>
              e.kind === 'FILE' ? (
                <li key={e.sha256}>
                  <EvidenceFile sha256={e.sha256}>
                    Berkas {label(TYPE_NAME, e.contentType)}, {formatBytes(e.size)}
                  </EvidenceFile>{' '}
                  <Text span size="xs" c="dimmed">
                    ({e.sha256.slice(0, 12)}…)
                  </Text>
                </li>
              ) : (
                <li key={e.url} style={{ overflowWrap: 'anywhere' }}>
                  <a href={e.url} target="_blank" rel="noreferrer noopener">
                    {e.url}
                  </a>
                </li>
              ),
            )}
          </ul>
        </Text>
      )}
      {r.revision > 1 && (
        <Text size="xs" c="dimmed">
          Perbaikan ke-{r.revision - 1}
        </Text>
      )}
      {r.answer?.note && <Text size="sm">Tanggapan atasan: {r.answer.note}</Text>}
    </Card>
  );
}

interface RecordDraft {
  quantity: string;
  quality: string;
  timeMonths: string;
  note: string;
  link: string;
  files: PickedEvidence[];
}

function RecordForm({
  nip,
  period,
  indicatorId,
  previous,
  onRecorded,
}: {
  nip: string;
  period: string;
  indicatorId: string;
  previous?: Realisation;
  onRecorded: () => void;
}) {
  const [draft, setDraft, clearDraft] = useDraft<RecordDraft>(`realisasi.${nip}.${period}.${indicatorId}`, {
    quantity: previous ? String(previous.quantity) : '',
    quality: previous ? String(previous.quality) : '100',
    timeMonths: previous ? String(previous.timeMonths) : '1',
    note: '',
    link: '',
    files: [],
  });
  const [checked, setChecked] = useState(false);
  const body = {
    indicatorId,
    quantity: numberOf(draft.quantity),
    quality: numberOf(draft.quality),
    timeMonths: numberOf(draft.timeMonths),
    note: optionalText(draft.note),
    evidence: [
      ...draft.files.map((f) => ({ kind: 'FILE' as const, sha256: f.sha256 })),
      ...(optionalText(draft.link) ? [{ kind: 'LINK' as const, url: draft.link.trim() }] : []),
    ],
  };
  const parsed = RecordRealisationBody.safeParse(body);
  const record = useCommand(
    (_: void, key) =>
      unwrap(
        api.POST('/api/v1/realisations/{nip}/{period}', {
          params: { path: { nip, period } },
          body: RecordRealisationBody.parse(body),
          headers: commandHeaders(key),
        }),
      ),
    {
      invalidates: [['realisations', nip, period], ['inbox']],
      onSuccess: () => {
        clearDraft();
        setChecked(false);
        onRecorded();
      },
    },
  );
  const errors = checked ? fieldErrorsOf(parsed.error) : new Map<string, string>();
  const errorOf = (f: string) => errors.get(f) ?? fieldError(record.error, f);
  const set = (k: 'quantity' | 'quality' | 'timeMonths' | 'note' | 'link') => (e: { currentTarget: { value: string } }) => {
    const v = e.currentTarget.value;
    setDraft((d) => ({ ...d, [k]: v }));
  };
  function submit(e: FormEvent) {
    e.preventDefault();
    setChecked(true);
    if (parsed.success && !record.isPending) record.mutate();
  }
  return (
    <form onSubmit={submit} noValidate aria-label={`Realisasi IKI ${indicatorId}`}>
      <Stack gap="xs" mt="xs">
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
          <TextInput
            label="Kuantitas"
            type="number"
            inputMode="decimal"
            min={0}
            required
            value={draft.quantity}
            onChange={set('quantity')}
            error={errorOf('quantity')}
          />
          <TextInput
            label="Kualitas (%)"
            type="number"
            inputMode="decimal"
            min={0}
            max={100}
            required
            value={draft.quality}
            onChange={set('quality')}
            error={errorOf('quality')}
          />
          <TextInput
            label="Waktu (bulan)"
            type="number"
            inputMode="decimal"
            min={0}
            max={12}
            required
            value={draft.timeMonths}
            onChange={set('timeMonths')}
            error={errorOf('timeMonths')}
          />
        </SimpleGrid>
        <Textarea
          label="Catatan (opsional)"
          autosize
          minRows={1}
          maxLength={1000}
          value={draft.note}
          onChange={set('note')}
          error={errorOf('note')}
        />
        <EvidencePicker
          label="Berkas bukti dukung"
          onUploaded={(f) => setDraft((d) => ({ ...d, files: [...d.files.filter((x) => x.sha256 !== f.sha256), f] }))}
        />
        {draft.files.map((f) => (
          <Group key={f.sha256} gap="xs" wrap="nowrap">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="evidence-uploaded">
              ✓ {f.name} ({formatBytes(f.size)}) terunggah
            </Text>
            <CloseButton
              aria-label={`Hapus ${f.name}`}
              onClick={() => setDraft((d) => ({ ...d, files: d.files.filter((x) => x.sha256 !== f.sha256) }))}
            />
          </Group>
        ))}
        <TextInput
          label="Tautan bukti dukung (opsional)"
          type="url"
          placeholder="https://"
          value={draft.link}
          onChange={set('link')}
          error={errorOf('evidence')}
        />
        <ErrorNote error={record.error} title="Realisasi belum tersimpan" />
        <Group>
          <Button type="submit" loading={record.isPending}>
            Simpan realisasi
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AnswerForm({
  nip,
  period,
  indicatorId,
  onAnswered,
}: {
  nip: string;
  period: string;
  indicatorId: string;
  onAnswered: () => void;
}) {
  const [draft, setDraft, clearDraft] = useDraft<{ kind: AnswerKind; note: string }>(`tanggapi-realisasi.${nip}.${period}.${indicatorId}`, {
    kind: 'ACKNOWLEDGED',
    note: '',
  });
  const [checked, setChecked] = useState(false);
  const body = { kind: draft.kind, note: optionalText(draft.note) };
  const parsed = AnswerRealisationBody.safeParse(body);
  const noteMissing = draft.kind !== 'ACKNOWLEDGED' && !body.note;
  const answer = useCommand(
    (_: void, key) =>
      unwrap(
        api.POST('/api/v1/realisations/{nip}/{period}/{indicatorId}/answer', {
          params: { path: { nip, period, indicatorId } },
          body: AnswerRealisationBody.parse(body),
          headers: commandHeaders(key),
        }),
      ),
    {
      invalidates: [['realisations', nip, period], ['inbox']],
      onSuccess: () => {
        clearDraft();
        onAnswered();
      },
    },
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    setChecked(true);
    if (parsed.success && !noteMissing && !answer.isPending) answer.mutate();
  }
  return (
    <form onSubmit={submit} noValidate aria-label={`Tanggapan IKI ${indicatorId}`}>
      <Stack gap="xs" mt="xs">
        <Radio.Group label="Tanggapan" value={draft.kind} onChange={(v) => setDraft((d) => ({ ...d, kind: v as AnswerKind }))}>
          <Group gap="md" mt={4}>
            <Radio value="ACKNOWLEDGED" label="Terima" />
            <Radio value="NOTE" label="Terima dengan catatan" />
            <Radio value="NEEDS_REVISION" label="Minta perbaikan" />
          </Group>
        </Radio.Group>
        <Textarea
          label={draft.kind === 'ACKNOWLEDGED' ? 'Catatan (opsional)' : 'Catatan'}
          autosize
          minRows={1}
          maxLength={1000}
          value={draft.note}
          onChange={(e) => {
            const note = e.currentTarget.value;
            setDraft((d) => ({ ...d, note }));
          }}
          error={checked && noteMissing ? 'Wajib diisi untuk catatan atau permintaan perbaikan.' : undefined}
        />
        <ErrorNote error={answer.error} title="Tanggapan belum terkirim" />
        <Group>
          <Button type="submit" loading={answer.isPending}>
            Kirim tanggapan
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
