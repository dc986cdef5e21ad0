import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Button, Card, Group, NativeSelect, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { FileDailyReportBody } from '@kinerja/contracts/planning';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ErrorNote, fieldError } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatDate, formatDateWithDay, formatMonth } from '../../format';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { useSession } from '../../session/hooks';
import { label } from '../../i18n/terms';
import { MonthCalendar } from './MonthCalendar';
import { fieldErrorsOf, isMonth, monthCalendar, numberOf, optionalText, rhkOptions, shiftMonth, type CalendarDay } from './logic';
import { ANSWER_COLOR, ANSWER_LABEL, dailyReportsQuery, workPlanQuery } from './queries';

interface ReportDraft {
  /** Set when revising a report the supervisor sent back: filed again under its id. */
  reportId?: string;
  date: string;
  durationMinutes: string;
  resultId: string;
  output: string;
  evidenceUrl: string;
}

const emptyDraft = (today: string): ReportDraft => ({ date: today, durationMinutes: '', resultId: '', output: '', evidenceUrl: '' });

function bodyOf(d: ReportDraft) {
  return {
    ...(d.reportId ? { reportId: d.reportId } : {}),
    date: d.date,
    durationMinutes: numberOf(d.durationMinutes),
    resultId: d.resultId,
    output: d.output.trim(),
    evidenceUrl: optionalText(d.evidenceUrl),
  };
}

/**
 * Laporan harian: today's work in a few taps on a phone (date, duration, RHK, output, an optional
 * evidence link), the supervisor's answer per report, revising a report sent back, and the month's
 * calendar of filled, answered, sent-back and missing working days.
 */
export function DailyReportPage() {
  const session = useSession();
  const nip = session?.claims.nip ?? '';
  const today = todayInJakarta();
  const [params, setParams] = useSearchParams();
  const month = isMonth(params.get('bulan')) ? params.get('bulan')! : today.slice(0, 7);
  const revising = params.get('laporan');
  const [draft, setDraft, clearDraft] = useDraft<ReportDraft>('laporan-harian', emptyDraft(today));
  const [checked, setChecked] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [day, setDay] = useState<string | null>(null);

  const planYear = Number((/^\d{4}/.exec(draft.date)?.[0] ?? today.slice(0, 4)) as string);
  const plan = useQuery(workPlanQuery(nip, planYear));
  const reports = useQuery(dailyReportsQuery(nip, month));
  const rhk = useMemo(() => rhkOptions(plan.data), [plan.data]);
  const rhkText = new Map(rhk.map((r) => [r.value, r.label]));

  // Opened from the inbox on a report sent back: the form takes that report, unless its draft is already open.
  useEffect(() => {
    if (!revising || draft.reportId === revising) return;
    const r = reports.data?.reports.find((x) => x.reportId === revising);
    if (r && r.answer?.kind === 'NEEDS_REVISION') revise(r);
    // Once per report opened; the draft then belongs to the person typing.
  }, [revising, reports.data]);

  const file = useCommand(
    (body: ReturnType<typeof bodyOf>, key) =>
      unwrap(
        api.POST('/api/v1/daily-reports/{nip}', {
          params: { path: { nip } },
          body: FileDailyReportBody.parse(body),
          headers: commandHeaders(key),
        }),
      ),
    {
      invalidates: [['daily-reports', nip], ['inbox']],
      onSuccess: (_r, body) => {
        setSaved(body.date);
        setChecked(false);
        clearDraft();
        if (revising) {
          params.delete('laporan');
          setParams(params, { replace: true });
        }
      },
    },
  );

  const parsed = FileDailyReportBody.safeParse(bodyOf(draft));
  const errors = checked ? fieldErrorsOf(parsed.error) : new Map<string, string>();
  const errorOf = (field: string) => errors.get(field) ?? fieldError(file.error, field);

  function submit(e: FormEvent) {
    e.preventDefault();
    setChecked(true);
    setSaved(null);
    if (!parsed.success || file.isPending) return;
    file.mutate(bodyOf(draft));
  }

  function revise(r: { reportId: string; date: string; durationMinutes: number; resultId: string; output: string; evidenceUrl?: string }) {
    setSaved(null);
    setDraft({
      reportId: r.reportId,
      date: r.date,
      durationMinutes: String(r.durationMinutes),
      resultId: r.resultId,
      output: r.output,
      evidenceUrl: r.evidenceUrl ?? '',
    });
    document.getElementById('laporan-form')?.scrollIntoView({ behavior: 'smooth' });
  }

  const set = (k: keyof ReportDraft) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [k]: value }));
  };

  const days: CalendarDay<NonNullable<typeof reports.data>['reports'][number]>[] = reports.data
    ? monthCalendar(month, reports.data.reports, today)
    : [];
  const shown = (reports.data?.reports ?? []).filter((r) => !day || r.date === day);
  const chosen = day ? days.find((d) => d.date === day) : undefined;
  const goMonth = (m: string) => {
    setDay(null);
    setParams({ bulan: m });
  };

  return (
    <Page title="Laporan harian" description="Catat pekerjaan hari ini pada RHK SKP Anda; atasan langsung menanggapinya.">
      <Card withBorder padding="md" component="section" aria-labelledby="laporan-form-title" id="laporan-form">
        <Title order={2} size="h4" id="laporan-form-title" mb="sm">
          {draft.reportId ? `Perbaiki laporan ${formatDate(draft.date)}` : 'Isi laporan'}
        </Title>
        {plan.data && rhk.length === 0 && (
          <Alert color="yellow" mb="sm" title="Belum ada RHK">
            SKP {planYear} Anda belum memiliki RHK yang disetujui. Laporan harian dicatat pada RHK dari SKP; susun dan ajukan SKP terlebih
            dahulu.
          </Alert>
        )}
        <ErrorNote error={plan.error} title="SKP tidak dapat dimuat" />
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Group grow wrap="wrap" gap="sm" align="flex-start">
              <TextInput
                label="Tanggal"
                type="date"
                required
                max={today}
                value={draft.date}
                onChange={set('date')}
                error={errorOf('date')}
                disabled={!!draft.reportId}
                miw={150}
              />
              <TextInput
                label="Durasi (menit)"
                type="number"
                inputMode="numeric"
                min={1}
                max={1440}
                step={1}
                required
                value={draft.durationMinutes}
                onChange={set('durationMinutes')}
                error={errorOf('durationMinutes')}
                miw={120}
              />
            </Group>
            <NativeSelect
              label="RHK"
              required
              value={draft.resultId}
              onChange={set('resultId')}
              error={errorOf('resultId')}
              data={[
                { value: '', label: rhk.length ? 'Pilih RHK' : 'Memuat RHK…' },
                ...rhk.map((r) => ({ value: r.value, label: r.label })),
              ]}
            />
            <Textarea
              label="Hasil kerja"
              description="Apa yang dihasilkan hari ini (dokumen, kegiatan, layanan)."
              required
              autosize
              minRows={2}
              maxLength={1000}
              value={draft.output}
              onChange={set('output')}
              error={errorOf('output')}
            />
            <TextInput
              label="Tautan bukti dukung (opsional)"
              type="url"
              inputMode="url"
              placeholder="https://"
              value={draft.evidenceUrl}
              onChange={set('evidenceUrl')}
              error={errorOf('evidenceUrl')}
            />
            {checked && !parsed.success && (
              <Text c="red.8" size="sm" role="alert">
                Ada isian yang belum sesuai. Periksa kolom yang ditandai.
              </Text>
            )}
            <ErrorNote error={file.error} title="Laporan belum tersimpan" />
            {saved && (
              <Alert color="green" role="status" title="Laporan tersimpan">
                Laporan {formatDate(saved)} terkirim ke atasan langsung.
              </Alert>
            )}
            <Group gap="sm">
              <Button type="submit" loading={file.isPending} size="md">
                Simpan laporan
              </Button>
              {draft.reportId && (
                <Button variant="default" onClick={() => clearDraft()}>
                  Batal memperbaiki
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Card>

      <Card withBorder padding="md" component="section" aria-labelledby="kalender-title">
        <Title order={2} size="h4" id="kalender-title" ta="center">
          Kalender {formatMonth(month)}
        </Title>
        <Group justify="space-between" wrap="nowrap" mb="sm" gap="xs">
          <Button variant="subtle" size="compact-sm" onClick={() => goMonth(shiftMonth(month, -1))}>
            ‹ Bulan sebelumnya
          </Button>
          <Button variant="subtle" size="compact-sm" onClick={() => goMonth(shiftMonth(month, 1))} disabled={month >= today.slice(0, 7)}>
            Bulan berikutnya ›
          </Button>
        </Group>
        <ErrorNote error={reports.error} title="Laporan tidak dapat dimuat" />
        {reports.data && <MonthCalendar month={month} days={days} selected={day} onSelect={(d) => setDay(d === day ? null : d)} />}
        {chosen && chosen.state === 'MISSING' && (
          <Group mt="sm" gap="xs">
            <Text size="sm">{formatDateWithDay(chosen.date)} belum diisi.</Text>
            <Button size="compact-sm" variant="light" onClick={() => setDraft((d) => ({ ...d, reportId: undefined, date: chosen.date }))}>
              Isi laporan tanggal ini
            </Button>
          </Group>
        )}
      </Card>

      <section aria-labelledby="daftar-title">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4" id="daftar-title">
            {day ? `Laporan ${formatDate(day)}` : `Laporan ${formatMonth(month)}`}
          </Title>
          {day && (
            <Anchor component="button" size="sm" onClick={() => setDay(null)}>
              Tampilkan sebulan
            </Anchor>
          )}
        </Group>
        {reports.data && shown.length === 0 && <Empty>Belum ada laporan.</Empty>}
        <Stack gap="sm">
          {[...shown].reverse().map((r) => (
            <Card key={r.reportId} withBorder padding="sm" data-testid={`laporan-${r.reportId}`}>
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Text fw={600} size="sm">
                  {formatDateWithDay(r.date)} · {r.durationMinutes} menit
                </Text>
                <Badge color={r.answer ? label(ANSWER_COLOR, r.answer.kind) : 'gray'} variant="light">
                  {r.answer ? label(ANSWER_LABEL, r.answer.kind) : 'Menunggu tanggapan'}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                RHK: {rhkText.get(r.resultId) ?? r.resultId}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {r.output}
              </Text>
              {r.evidenceUrl && (
                <Anchor href={r.evidenceUrl} target="_blank" rel="noreferrer noopener" size="sm" style={{ overflowWrap: 'anywhere' }}>
                  Bukti dukung
                </Anchor>
              )}
              {r.revision > 1 && (
                <Text size="xs" c="dimmed">
                  Perbaikan ke-{r.revision - 1}
                </Text>
              )}
              {r.answer?.note && (
                <Text size="sm" mt={4}>
                  Tanggapan atasan: {r.answer.note}
                </Text>
              )}
              {r.answer?.kind === 'NEEDS_REVISION' && (
                <Button
                  mt="xs"
                  size="compact-sm"
                  variant="light"
                  onClick={() => revise(r)}
                  aria-label={`Perbaiki laporan ${formatDate(r.date)}`}
                >
                  Perbaiki laporan {formatDate(r.date)}
                </Button>
              )}
            </Card>
          ))}
        </Stack>
      </section>
    </Page>
  );
}
