import { useState } from 'react';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Card, Group, Radio, SimpleGrid, Stack, Text, Textarea, Title, Button, Alert } from '@mantine/core';
import type { Rating } from '@kinerja/policies';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ErrorNote, fieldError } from '../../components/ErrorNote';
import { Page } from '../../components/Page';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { formatDate, formatPeriod } from '../../format';
import { MatrixTable, PredikatBadge, RatingSelect, useRules } from './parts';
import { appraisalQuery, untilVersion } from './MyAppraisalPage';
import {
  checkDecision,
  predikatPreview,
  type DecisionBody,
  type DecisionDraft,
  type FieldErrors,
  type Matrix,
  without,
  bodyPathOf,
} from './rules';
import { DecisionCard, ObjectionCard, RatingsCard, type AppraisalRow } from './views';

/** The rater's supervisor decides an objection: the objection beside the original ratings, confirm or amend, with reasons. */
export function ObjectionDecisionPage() {
  const { nip = '', period = '' } = useParams();
  const [awaited, setAwaited] = useState(-1);
  const row = useQuery({ ...appraisalQuery(nip, period), refetchInterval: untilVersion(awaited) });
  const a = row.data;
  return (
    <Page
      title={`Keberatan atas penilaian ${formatPeriod(period)}`}
      description={`Pegawai NIP ${nip}`}
      loading={row.isPending}
      error={row.error}
    >
      {a && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <RatingsCard row={a} title="Penilaian awal pejabat penilai" />
          {a.objection ? <ObjectionCard objection={a.objection} /> : <Text size="sm">Tidak ada keberatan atas penilaian ini.</Text>}
        </SimpleGrid>
      )}
      {a?.decision && <DecisionCard decision={a.decision} />}
      {a && awaited > a.version && (
        <Text size="sm" role="status">
          Keputusan tersimpan; tampilan sedang diperbarui…
        </Text>
      )}
      {a && a.state === 'OBJECTED' && awaited <= a.version && <DecisionForm row={a} onDone={setAwaited} />}
    </Page>
  );
}

function DecisionForm({ row, onDone }: { row: AppraisalRow; onDone: (version: number) => void }) {
  const { nip, period } = row;
  const rules = useRules(period);
  const original = { results: row.results, behaviour: row.behaviour };
  const [draft, setDraft, clear] = useDraft<DecisionDraft>(`putusan.${nip}.${period}`, {
    outcome: '',
    reasons: '',
    results: row.results ?? '',
    behaviour: row.behaviour ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>(new Map());
  const decide = useCommand(
    (body: DecisionBody, key: string) =>
      unwrap(
        api.POST('/api/v1/appraisals/{nip}/{period}/objection/decision', {
          params: { path: { nip, period } },
          body,
          headers: commandHeaders(key),
        }),
      ),
    {
      invalidates: [['appraisal', nip, period], ['inbox']],
      onSuccess: (r) => {
        clear();
        onDone(r.version);
      },
    },
  );
  const err = (path: string) => errors.get(path) ?? fieldError(decide.error, path);
  const matrix = rules.data?.matrix as Matrix | undefined;
  const amend = draft.outcome === 'AMEND';
  const after = amend ? predikatPreview(matrix, draft.results, draft.behaviour) : row.predikat;
  const set = <K extends keyof DecisionDraft>(k: K, v: DecisionDraft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setErrors((m) => without(m, bodyPathOf(String(k))));
  };
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="putuskan">
      <Title order={2} size="h3" id="putuskan">
        Putuskan keberatan
      </Title>
      {row.objection && (
        <Text size="sm" mb="sm">
          Keputusan paling lambat {formatDate(row.objection.decisionDue)}. Keputusan bersifat final.
        </Text>
      )}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const checked = checkDecision(draft, original);
          setErrors(checked.ok ? new Map() : checked.errors);
          if (checked.ok) decide.mutate(checked.body);
        }}
      >
        <Stack gap="sm">
          <Radio.Group
            label="Keputusan"
            required
            value={draft.outcome}
            onChange={(v) => set('outcome', v as DecisionDraft['outcome'])}
            error={err('outcome')}
          >
            <Stack gap={6} mt={6}>
              <Radio value="CONFIRM" label="Menguatkan penilaian pejabat penilai" />
              <Radio value="AMEND" label="Mengubah penilaian" />
            </Stack>
          </Radio.Group>
          {amend && (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <RatingSelect
                label="Hasil kerja (baru)"
                allowEmpty={false}
                value={draft.results}
                onChange={(v) => set('results', v as Rating)}
                error={err('results')}
              />
              <RatingSelect
                label="Perilaku kerja (baru)"
                allowEmpty={false}
                value={draft.behaviour}
                onChange={(v) => set('behaviour', v as Rating)}
                error={err('behaviour')}
              />
            </SimpleGrid>
          )}
          {amend && matrix && (
            <MatrixTable
              matrix={matrix}
              results={draft.results}
              behaviour={draft.behaviour}
              caption="Posisi penilaian baru pada matriks predikat"
            />
          )}
          <Textarea
            label="Alasan keputusan"
            required
            autosize
            minRows={3}
            value={draft.reasons}
            onChange={(e) => set('reasons', e.currentTarget.value)}
            error={err('reasons')}
          />
          <Group justify="space-between" wrap="wrap" gap="xs" aria-live="polite">
            <Group gap="xs">
              <Text size="sm">Predikat setelah keputusan:</Text>
              <PredikatBadge predikat={draft.outcome ? after : null} testId="decision-preview" />
            </Group>
            <Button type="submit" loading={decide.isPending}>
              Putuskan keberatan
            </Button>
          </Group>
          <ErrorNote error={decide.error} />
          {rules.error ? (
            <Alert color="yellow" variant="light">
              Matriks predikat tidak dapat dimuat; predikat baru dihitung oleh server saat keputusan disimpan.
            </Alert>
          ) : null}
        </Stack>
      </form>
    </Card>
  );
}
