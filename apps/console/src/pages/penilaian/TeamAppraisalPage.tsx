import { useMemo, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import {
  Accordion,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  Pagination,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { Predikat, Rating } from '@kinerja/policies';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ErrorNote, fieldError } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { todayInJakarta } from '../../clock';
import { formatDate, formatPeriod } from '../../format';
import { BEHAVIOUR_LABEL, BEHAVIOURS, label, STATUS_LABEL } from '../../i18n/terms';
import { useMe } from '../../session/hooks';
import { MatrixTable, PenilaianTabs, PredikatBadge, RatingSelect, ratingText, useRules } from './parts';
import {
  checkRating,
  emptyRating,
  predikatPreview,
  ratablePeriods,
  reasonRequired,
  type FieldErrors,
  type Matrix,
  type RateBody,
  type RatingDraft,
  without,
  bodyPathOf,
} from './rules';

const PAGE_SIZE = 10;

export const teamQuery = (period: string) => ({
  queryKey: ['team-appraisals', period],
  queryFn: () => unwrap(api.GET('/api/v1/team-appraisals/{period}', { params: { path: { period } } })),
});

type Member = Awaited<ReturnType<ReturnType<typeof teamQuery>['queryFn']>>['team'][number];

/** Penilaian tim: a supervisor rates each direct report for a period, seeing the matrix and the predikat before saving. */
export function TeamAppraisalPage() {
  const me = useMe();
  const periods = useMemo(() => ratablePeriods(todayInJakarta()), []);
  const [params, setParams] = useSearchParams();
  const period = params.get('periode') ?? periods[0];
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  // What was just saved, by NIP: shown until the read model has caught up with it (it is projected after the append).
  const [saved, setSaved] = useState<ReadonlyMap<string, Saved>>(new Map());
  const team = useQuery({
    ...teamQuery(period),
    refetchInterval: (q) =>
      [...saved].some(([nip, r]) => (q.state.data?.team.find((m) => m.nip === nip)?.appraisal?.version ?? -1) < r.version) ? 700 : false,
  });
  const rules = useRules(period);
  const q = search.trim().toLowerCase();
  const members = (team.data?.team ?? []).filter((m) => !q || m.nip.includes(q) || (m.name ?? '').toLowerCase().includes(q));
  const pages = Math.max(1, Math.ceil(members.length / PAGE_SIZE));
  const shown = members.slice((Math.min(page, pages) - 1) * PAGE_SIZE, Math.min(page, pages) * PAGE_SIZE);
  const rated = (team.data?.team ?? []).filter((m) => m.appraisal).length;
  // Someone with nobody to rate (now or in the period) has only their own appraisals here.
  if (me.data && me.data.team.length === 0 && team.data?.team.length === 0) return <Navigate to="/penilaian/saya" replace />;
  return (
    <Page
      title="Penilaian kinerja tim"
      description="Nilai hasil kerja dan perilaku kerja setiap bawahan langsung Anda; predikat mengikuti matriks kebijakan yang berlaku."
      actions={<PenilaianTabs hasTeam />}
      loading={team.isPending || me.isPending}
      error={team.error ?? rules.error}
    >
      <Group align="flex-end" wrap="wrap" gap="sm">
        <NativeSelect
          label="Periode penilaian"
          value={period}
          onChange={(e) => {
            setParams({ periode: e.currentTarget.value });
            setPage(1);
          }}
          data={periods.map((p) => ({ value: p, label: formatPeriod(p) }))}
        />
        <TextInput
          label="Cari bawahan"
          placeholder="Nama atau NIP"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
        />
        {team.data && (
          <Text size="sm" c="dimmed" data-testid="team-progress">
            {rated} dari {team.data.team.length} sudah dinilai
          </Text>
        )}
      </Group>
      {team.data && !team.data.periodEnded && (
        <Alert color="yellow" variant="light" title="Periode belum berakhir">
          {formatPeriod(period)} dapat dinilai mulai {formatDate(team.data.lastDay)}.
        </Alert>
      )}
      {rules.data && (
        <Accordion variant="contained" defaultValue="matrix">
          <Accordion.Item value="matrix">
            <Accordion.Control>Matriks predikat (kebijakan {rules.data.policyVersion})</Accordion.Control>
            <Accordion.Panel>
              <MatrixTable
                matrix={rules.data.matrix as Matrix}
                caption="Predikat menurut penilaian hasil kerja (baris) dan perilaku kerja (kolom)"
              />
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
      )}
      {team.data && team.data.team.length === 0 && <Empty>Anda tidak memiliki bawahan langsung pada akhir {formatPeriod(period)}.</Empty>}
      {team.data && team.data.team.length > 0 && members.length === 0 && <Empty>Tidak ada bawahan yang cocok dengan pencarian.</Empty>}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        {shown.map((m) => (
          <MemberCard
            key={m.nip}
            member={m}
            saved={saved.get(`${period}/${m.nip}`)}
            onSaved={(r) => setSaved((prev) => new Map(prev).set(`${period}/${m.nip}`, r))}
            period={period}
            matrix={rules.data?.matrix as Matrix | undefined}
            canRate={!!team.data?.periodEnded}
          />
        ))}
      </SimpleGrid>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={setPage}
          getControlProps={(c) => ({ 'aria-label': c === 'next' ? 'Halaman berikutnya' : c === 'previous' ? 'Halaman sebelumnya' : c })}
        />
      )}
    </Page>
  );
}

/** A rating just saved, as the command answered it. */
interface Saved {
  version: number;
  predikat: Predikat | null;
  results: Rating;
  behaviour: Rating;
  reasons: { results?: string; behaviour?: string };
  behaviourValues: Record<string, Rating>;
}

function MemberCard({
  member,
  saved,
  onSaved,
  period,
  matrix,
  canRate,
}: {
  member: Member;
  saved: Saved | undefined;
  onSaved: (r: Saved) => void;
  period: string;
  matrix: Matrix | undefined;
  canRate: boolean;
}) {
  const row = member.appraisal;
  const a =
    saved && (!row || row.version < saved.version)
      ? {
          ...row,
          ...saved,
          state: 'DRAFT' as const,
        }
      : row;
  const [open, setOpen] = useState(false);
  const editable = canRate && (!a || a.state === 'DRAFT');
  const who = member.name ?? member.nip;
  return (
    <Card withBorder padding="md" data-testid={`member-${member.nip}`} component="section" aria-label={who}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <div>
          <Title order={2} size="h4">
            {who}
          </Title>
          <Text size="xs" c="dimmed">
            NIP {member.nip}
          </Text>
        </div>
        <Stack gap={4} align="flex-end">
          <PredikatBadge predikat={a?.predikat} testId={`predikat-${member.nip}`} />
          {a && (
            <Badge variant="outline" color="dark">
              {label(STATUS_LABEL, a.state)}
            </Badge>
          )}
        </Stack>
      </Group>
      {a && (
        <Text size="sm" mt="xs">
          Hasil kerja: {ratingText(a.results)} · Perilaku kerja: {ratingText(a.behaviour)}
        </Text>
      )}
      {editable && !open && (
        <Button mt="sm" variant="outline" onClick={() => setOpen(true)}>
          {a ? `Ubah nilai ${who}` : `Nilai ${who}`}
        </Button>
      )}
      {editable && open && (
        <RatingForm
          nip={member.nip}
          name={who}
          period={period}
          matrix={matrix}
          initial={
            a
              ? {
                  results: a.results ?? '',
                  behaviour: a.behaviour ?? '',
                  reasonResults: a.reasons.results ?? '',
                  reasonBehaviour: a.reasons.behaviour ?? '',
                  behaviourValues: a.behaviourValues as RatingDraft['behaviourValues'],
                }
              : emptyRating()
          }
          onDone={(r) => {
            if (r) onSaved(r);
            setOpen(false);
          }}
        />
      )}
    </Card>
  );
}

function RatingForm({
  nip,
  name,
  period,
  matrix,
  initial,
  onDone,
}: {
  nip: string;
  name: string;
  period: string;
  matrix: Matrix | undefined;
  initial: RatingDraft;
  onDone: (saved?: Saved) => void;
}) {
  const [draft, setDraft, clear] = useDraft<RatingDraft>(`penilaian.${nip}.${period}`, initial);
  const [errors, setErrors] = useState<FieldErrors>(new Map());
  const rate = useCommand(
    (body: RateBody, key: string) =>
      unwrap(
        api.POST('/api/v1/appraisals/{nip}/{period}/rating', { params: { path: { nip, period } }, body, headers: commandHeaders(key) }),
      ),
    {
      invalidates: [['team-appraisals', period], ['inbox']],
      onSuccess: (r, body) => {
        clear();
        onDone({
          version: r.version,
          predikat: r.predikat,
          results: body.results,
          behaviour: body.behaviour,
          reasons: body.reasons ?? {},
          behaviourValues: { ...body.behaviourValues },
        });
      },
    },
  );
  const set = <K extends keyof RatingDraft>(k: K, v: RatingDraft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setErrors((m) => without(m, bodyPathOf(String(k))));
  };
  const preview = predikatPreview(matrix, draft.results, draft.behaviour);
  const err = (path: string) => errors.get(path) ?? fieldError(rate.error, path);
  const submit = () => {
    const checked = checkRating(draft);
    setErrors(checked.ok ? new Map() : checked.errors);
    if (checked.ok) rate.mutate(checked.body);
  };
  return (
    <form
      noValidate
      aria-label={`Penilaian ${name}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm" mt="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <RatingSelect label="Hasil kerja" required value={draft.results} onChange={(v) => set('results', v)} error={err('results')} />
          <RatingSelect
            label="Perilaku kerja"
            required
            value={draft.behaviour}
            onChange={(v) => set('behaviour', v)}
            error={err('behaviour')}
          />
        </SimpleGrid>
        {reasonRequired(draft.results) && (
          <Textarea
            label="Alasan penilaian hasil kerja"
            description="Wajib untuk penilaian selain “sesuai ekspektasi”."
            required
            autosize
            minRows={2}
            value={draft.reasonResults}
            onChange={(e) => set('reasonResults', e.currentTarget.value)}
            error={err('reasons.results')}
          />
        )}
        {reasonRequired(draft.behaviour) && (
          <Textarea
            label="Alasan penilaian perilaku kerja"
            description="Wajib untuk penilaian selain “sesuai ekspektasi”."
            required
            autosize
            minRows={2}
            value={draft.reasonBehaviour}
            onChange={(e) => set('reasonBehaviour', e.currentTarget.value)}
            error={err('reasons.behaviour')}
          />
        )}
        <Accordion variant="separated">
          <Accordion.Item value="values">
            <Accordion.Control>Rincian perilaku BerAKHLAK (opsional)</Accordion.Control>
            <Accordion.Panel>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                {BEHAVIOURS.map((v) => (
                  <RatingSelect
                    key={v}
                    label={label(BEHAVIOUR_LABEL, v)}
                    value={draft.behaviourValues[v] ?? ''}
                    emptyLabel="— tidak dinilai —"
                    onChange={(r) => {
                      const values = { ...draft.behaviourValues };
                      if (r) values[v] = r as Rating;
                      else delete values[v];
                      set('behaviourValues', values);
                    }}
                    error={err(`behaviourValues.${v}`)}
                  />
                ))}
              </SimpleGrid>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        {matrix && draft.results && draft.behaviour && (
          <MatrixTable
            matrix={matrix}
            results={draft.results}
            behaviour={draft.behaviour}
            caption="Posisi penilaian pada matriks predikat"
          />
        )}
        <Group justify="space-between" wrap="wrap" gap="xs" aria-live="polite">
          <Group gap="xs">
            <Text size="sm">Predikat yang akan ditetapkan:</Text>
            <PredikatBadge predikat={preview} testId={`preview-${nip}`} />
          </Group>
          <Group gap="xs">
            <Button variant="default" onClick={() => onDone()} disabled={rate.isPending}>
              Batal
            </Button>
            <Button type="submit" loading={rate.isPending}>
              Simpan penilaian
            </Button>
          </Group>
        </Group>
        <ErrorNote error={rate.error} />
      </Stack>
    </form>
  );
}
