import { useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Progress, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { AnswerDailyReportBody } from '@kinerja/contracts/planning';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { Empty, Page } from '../../components/Page';
import { formatDate, formatDateWithDay, formatMonth } from '../../format';
import { messageOf } from '../../i18n/errors';
import { useDraft } from '../../hooks/draft';
import { inboxQuery } from '../Inbox';
import { workPlanQuery } from './queries';
import { byPerson, fieldErrorsOf, isMonth, optionalText, rhkOptions, runEach, type AnswerKind, type BulkOutcome } from './logic';

interface AnswerDraft {
  kind: AnswerKind;
  note: string;
}

const keyOf = (r: { nip: string; month: string; reportId: string }) => `${r.nip}/${r.month}/${r.reportId}`;

/**
 * Tanggapi laporan harian: the unanswered reports of my direct reports (from the inbox), several or all
 * answered at once: one request per report, each with its own Idempotency-Key, progress while they go,
 * and each refusal listed with its report; the reports answered leave the list, the rest stay chosen.
 */
export function AnswerReportsPage() {
  const [params] = useSearchParams();
  const month = isMonth(params.get('bulan')) ? params.get('bulan') : null;
  const inbox = useQuery(inboxQuery);
  const client = useQueryClient();
  const [draft, setDraft, clearDraft] = useDraft<AnswerDraft>('tanggapi-laporan', { kind: 'ACKNOWLEDGED', note: '' });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcomes, setOutcomes] = useState<BulkOutcome<string>[] | null>(null);
  const [checked, setChecked] = useState(false);
  // One key per report per intent: a resend after a lost answer reuses it; an answer (or a refusal) ends it.
  const keys = useRef(new Map<string, string>());
  // Answered here: out of the list at once, before the inbox's read model has caught up.
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());

  const all = (inbox.data?.reportsToAnswer ?? []).filter((r) => (!month || r.month === month) && !gone.has(keyOf(r)));
  const people = byPerson(all);
  // The RHK each report serves, by its text: the plans of the people listed, for the years of their reports.
  const plans = [...new Set(all.map((r) => `${r.nip}/${r.date.slice(0, 4)}`))].map((k) => k.split('/'));
  const planAnswers = useQueries({ queries: plans.map(([nip, year]) => workPlanQuery(nip, Number(year))) });
  const rhkText = new Map<string, string>();
  plans.forEach(([nip, year], i) => {
    for (const o of rhkOptions(planAnswers[i]?.data)) rhkText.set(`${nip}/${year}/${o.value}`, o.label);
  });
  const chosen = all.filter((r) => selected.has(keyOf(r)));
  const body = { kind: draft.kind, note: optionalText(draft.note) };
  const parsed = AnswerDailyReportBody.safeParse(body);
  // The domain's rule: a note or a request for revision says something.
  const noteMissing = draft.kind !== 'ACKNOWLEDGED' && !body.note;
  const noteError = checked
    ? noteMissing
      ? 'Wajib diisi untuk catatan atau permintaan perbaikan.'
      : fieldErrorsOf(parsed.error).get('note')
    : undefined;
  const byKey = new Map(all.map((r) => [keyOf(r), r]));
  const failed = (outcomes ?? []).filter((o) => !o.ok);
  const answered = (outcomes ?? []).filter((o) => o.ok).length;

  const toggle = (k: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(k)) n.delete(k);
      else n.add(k);
      return n;
    });
  const everyChosen = all.length > 0 && chosen.length === all.length;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setChecked(true);
    if (!parsed.success || noteMissing || chosen.length === 0 || progress) return;
    setOutcomes(null);
    const results = await runEach(
      chosen,
      keyOf,
      async (r) => {
        const k = keyOf(r);
        if (!keys.current.has(k)) keys.current.set(k, globalThis.crypto.randomUUID());
        try {
          await unwrap(
            api.POST('/api/v1/daily-reports/{nip}/{month}/{reportId}/answer', {
              params: { path: { nip: r.nip, month: r.month, reportId: r.reportId } },
              body: parsed.data,
              headers: commandHeaders(keys.current.get(k)!),
            }),
          );
          keys.current.delete(k);
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 0) keys.current.delete(k);
          throw err;
        }
      },
      (done, total) => setProgress({ done, total }),
    );
    setOutcomes(results);
    setProgress(null);
    const ok = new Set(results.filter((o) => o.ok).map((o) => o.key));
    setGone((g) => new Set([...g, ...ok]));
    setSelected((s) => new Set([...s].filter((k) => !ok.has(k))));
    if (ok.size === results.length) {
      clearDraft();
      setChecked(false);
    }
    await client.invalidateQueries({ queryKey: ['inbox'] });
    await client.invalidateQueries({ queryKey: ['daily-reports'] });
  }

  const percent = progress && progress.total ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <Page
      title="Tanggapi laporan harian"
      description={`Laporan bawahan langsung yang menunggu tanggapan${month ? `, ${formatMonth(month)}` : ''}.`}
      loading={inbox.isPending}
      error={inbox.error}
    >
      {outcomes && answered > 0 && (
        <Alert color="green" role="status" title="Tanggapan terkirim">
          {answered} laporan telah ditanggapi.
        </Alert>
      )}
      {failed.length > 0 && (
        <Alert color="red" role="alert" title={`${failed.length} laporan belum tertanggapi`} data-testid="bulk-failures">
          <Stack gap={4}>
            {failed.map((f) => {
              const r = byKey.get(f.key);
              const code = f.error instanceof ApiError ? f.error.code : 'INTERNAL';
              return (
                <Text key={f.key} size="sm" data-error-code={code}>
                  {r ? `${r.name ?? r.nip}, ${formatDate(r.date)}` : f.key}: {messageOf(code)} (Kode: {code})
                </Text>
              );
            })}
          </Stack>
        </Alert>
      )}
      {inbox.data && all.length === 0 && <Empty>Tidak ada laporan yang menunggu tanggapan.</Empty>}
      {all.length > 0 && (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack gap="md">
            <Checkbox
              label={`Pilih semua (${all.length} laporan)`}
              checked={everyChosen}
              indeterminate={chosen.length > 0 && !everyChosen}
              onChange={() => setSelected(everyChosen ? new Set() : new Set(all.map(keyOf)))}
            />
            {people.map((p) => (
              <Card key={p.nip} withBorder padding="sm" component="section" aria-label={`Laporan ${p.name}`}>
                <Title order={2} size="h5" mb={6}>
                  {p.name}{' '}
                  <Text span size="xs" c="dimmed">
                    NIP {p.nip}
                  </Text>
                </Title>
                <Stack gap={8}>
                  {p.reports.map((r) => (
                    <Checkbox
                      key={keyOf(r)}
                      checked={selected.has(keyOf(r))}
                      onChange={() => toggle(keyOf(r))}
                      label={
                        <span>
                          <Text span fw={600} size="sm">
                            {formatDateWithDay(r.date)}
                          </Text>
                          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                            {r.output ?? '–'}
                          </Text>
                          {r.resultId && (
                            <Text size="xs" c="dimmed">
                              RHK: {rhkText.get(`${r.nip}/${r.date.slice(0, 4)}/${r.resultId}`) ?? r.resultId}
                            </Text>
                          )}
                        </span>
                      }
                    />
                  ))}
                </Stack>
              </Card>
            ))}
            <Card withBorder padding="md">
              <Stack gap="sm">
                <Radio.Group
                  label="Tanggapan"
                  value={draft.kind}
                  onChange={(v) => setDraft((d) => ({ ...d, kind: v as AnswerKind }))}
                  required
                >
                  <Stack gap={6} mt={6}>
                    <Radio value="ACKNOWLEDGED" label="Terima" />
                    <Radio value="NOTE" label="Terima dengan catatan" />
                    <Radio value="NEEDS_REVISION" label="Minta perbaikan" />
                  </Stack>
                </Radio.Group>
                <Textarea
                  label={draft.kind === 'ACKNOWLEDGED' ? 'Catatan (opsional)' : 'Catatan'}
                  required={draft.kind !== 'ACKNOWLEDGED'}
                  autosize
                  minRows={2}
                  maxLength={1000}
                  value={draft.note}
                  onChange={(e) => {
                    const note = e.currentTarget.value;
                    setDraft((d) => ({ ...d, note }));
                  }}
                  error={noteError}
                />
                {checked && chosen.length === 0 && (
                  <Text c="red.8" size="sm" role="alert">
                    Pilih sedikitnya satu laporan.
                  </Text>
                )}
                {progress && (
                  <div>
                    <Progress value={percent} size="lg" aria-label="Kemajuan pengiriman tanggapan" animated />
                    <Text size="sm" role="status">
                      {progress.done} dari {progress.total} tanggapan terkirim
                    </Text>
                  </div>
                )}
                <Button type="submit" loading={!!progress} size="md">
                  {draft.kind === 'NEEDS_REVISION' ? 'Minta perbaikan' : 'Tanggapi'} {chosen.length} laporan
                </Button>
              </Stack>
            </Card>
          </Stack>
        </form>
      )}
    </Page>
  );
}
