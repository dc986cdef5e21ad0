import { useState } from 'react';
import type { z } from 'zod';
import type { DraftWorkPlanBody, ReviseWorkPlanBody } from '@kinerja/contracts/planning';
import { Link, Navigate, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { ErrorNote, fieldError } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { formatInstant } from '../../format';
import { label, STATUS_LABEL } from '../../i18n/terms';
import { todayInJakarta } from '../../clock';
import { useCommand } from '../../hooks/command';
import { clearDraft, useDraft } from '../../hooks/draft';
import { useMe } from '../../session/hooks';
import type { components } from '../../api/schema';
import { AA_ERROR_COLOR, checkDraft, checkRevision, emptyPlan, formOf, isChanged, type PlanForm } from './plan';
import { PlanEditor, type ParentOption } from './PlanEditor';
import { parentResultsQuery, workPlanQuery } from './queries';

type Version = components['schemas']['PlanVersion'];
type Result = components['schemas']['PlanResult'];

const STATUS_COLOR = new Map([
  ['DRAFT', 'gray'],
  ['SUBMITTED', 'blue'],
  ['APPROVED', 'green'],
  ['RETURNED', 'orange'],
]);

export const thisYear = () => Number(todayInJakarta().slice(0, 4));

/** /skp: my plan for this year. */
export function MyPlanRedirect() {
  const me = useMe();
  if (me.isPending) return <Page title="SKP" loading />;
  if (!me.data?.nip) return <Page title="SKP" error={me.error} description="SKP hanya untuk akun pegawai (dengan NIP)." />;
  return <Navigate to={`/skp/${me.data.nip}/${thisYear()}`} replace />;
}

const invalid = () => new ApiError(400, 'VALIDATION_FAILED', 'checked in the browser', {});

/** The RHK of a version, read only: each with the superior's RHK it cascades from and its IKI targets. */
function PlanResults({ results, parents }: { results: readonly Result[]; parents: ReadonlyMap<string, string> }) {
  if (!results.length) return <Empty>Belum ada RHK.</Empty>;
  return (
    <Stack gap="sm">
      {results.map((r, i) => (
        <Card key={r.resultId} withBorder padding="sm">
          <Title order={3} size="h5">
            RHK {i + 1}: {r.text}
          </Title>
          {r.parentResultId && (
            <Text size="sm" c="dimmed">
              Mendukung RHK atasan: {parents.get(r.parentResultId) ?? r.parentResultId}
            </Text>
          )}
          <Stack gap={4} mt="xs" component="ul" style={{ paddingLeft: '1.1rem', margin: 0 }}>
            {r.indicators.map((k) => (
              <Text key={k.indicatorId} size="sm" component="li">
                <b>IKI:</b> {k.text} — {k.quantity.toLocaleString('id-ID')} {k.unit}, kualitas {k.quality}%, waktu {k.timeMonths} bulan
              </Text>
            ))}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

/** Every version, the newest first, with the reason of each revision and the rater's notes. */
function History({ versions }: { versions: readonly Version[] }) {
  if (versions.length === 0) return null;
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Riwayat versi
      </Title>
      <Timeline bulletSize={14} lineWidth={2} active={versions.length}>
        {[...versions].reverse().map((v) => (
          <Timeline.Item key={v.version} title={`Versi ${v.version}: ${label(STATUS_LABEL, v.status)}`}>
            <Text size="sm" c="dimmed">
              {v.results.length} RHK
              {v.approvedAt ? `, disetujui ${formatInstant(v.approvedAt)}` : ''}
            </Text>
            {v.reason && <Text size="sm">Alasan revisi: {v.reason}</Text>}
            {v.notes && <Text size="sm">Catatan pejabat penilai: {v.notes}</Text>}
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}

/** /skp/:nip/:year — the plan: edited by its owner, answered by the rater. */
export function WorkPlanPage() {
  const { nip = '', year: y = '' } = useParams();
  const year = Number(y);
  const me = useMe();
  const own = !!me.data?.nip && me.data.nip === nip;
  const plan = useQuery(workPlanQuery(nip, year));
  const parents = useQuery(parentResultsQuery(nip, year, own));
  const versions = plan.data?.versions ?? [];
  const current = versions[versions.length - 1];
  const inForce = versions.find((v) => v.version === plan.data?.inForce);
  // The rater reads the RHK each one supports in their own plan.
  const raterPlan = useQuery(workPlanQuery(me.data?.nip ?? '', year));
  const parentText = new Map(
    own
      ? (parents.data?.results ?? []).map((r) => [r.resultId, r.text])
      : (raterPlan.data?.versions ?? []).flatMap((v) => v.results.map((r) => [r.resultId, r.text] as const)),
  );
  const team = own ? (me.data?.team ?? []) : [];
  const name = own ? me.data?.name : me.data?.team.find((t) => t.nip === nip)?.name;
  return (
    <Page
      title={`SKP ${year}`}
      description={`${name ? `${name}, ` : ''}NIP ${nip}`}
      loading={plan.isPending || me.isPending}
      error={plan.error}
      actions={
        current && (
          <Badge size="lg" variant="dot" color={STATUS_COLOR.get(current.status)} data-testid="plan-status">
            {label(STATUS_LABEL, current.status)}
          </Badge>
        )
      }
    >
      {own && (
        <Group gap="md">
          <Anchor component={Link} to="/skp/kaskade" size="sm">
            Kaskade unit saya
          </Anchor>
          {(me.data?.team.length ?? 0) > 0 && (
            <Anchor component={Link} to="/skp/bagikan" size="sm">
              Bagikan RHK ke bawahan
            </Anchor>
          )}
        </Group>
      )}
      {plan.data &&
        (own ? (
          <OwnPlan
            nip={nip}
            year={year}
            current={current}
            inForce={inForce}
            parents={parents.data}
            parentsError={parents.error}
            parentText={parentText}
          />
        ) : (
          <RaterView nip={nip} year={year} current={current} parentText={parentText} />
        ))}
      <History versions={versions} />
      {team.length > 0 && (
        <Card withBorder padding="md" data-testid="team-plans">
          <Title order={2} size="h4" mb="xs">
            SKP bawahan {year}
          </Title>
          <Stack gap={4}>
            {team.map((t) => (
              <Anchor key={t.nip} component={Link} to={`/skp/${t.nip}/${year}`} size="sm">
                {t.name ?? t.nip}
              </Anchor>
            ))}
          </Stack>
        </Card>
      )}
    </Page>
  );
}

type Parents = Awaited<ReturnType<ReturnType<typeof parentResultsQuery>['queryFn']>> | undefined;

function OwnPlan({
  nip,
  year,
  current,
  inForce,
  parents,
  parentsError,
  parentText,
}: {
  nip: string;
  year: number;
  current: Version | undefined;
  inForce: Version | undefined;
  parents: Parents;
  parentsError: unknown;
  parentText: ReadonlyMap<string, string>;
}) {
  const [revising, setRevising] = useState(false);
  const status = current?.status;
  if (status === 'SUBMITTED')
    return (
      <Stack gap="md">
        <Alert color="blue" variant="light" title="Menunggu persetujuan">
          SKP versi {current!.version} sudah diajukan kepada pejabat penilai.
        </Alert>
        <PlanResults results={current!.results} parents={parentText} />
      </Stack>
    );
  if (status === 'APPROVED' && !revising)
    return (
      <Stack gap="md">
        <Alert color="blue" variant="light" title="Disetujui">
          SKP versi {current!.version} berlaku{current!.approvedAt ? ` sejak ${formatInstant(current!.approvedAt)}` : ''}. Perubahan di
          tengah tahun diajukan sebagai revisi dengan alasan.
        </Alert>
        <PlanResults results={current!.results} parents={parentText} />
        <Group>
          <Button variant="light" onClick={() => setRevising(true)}>
            Revisi SKP
          </Button>
        </Group>
      </Stack>
    );
  return (
    <PlanForm_
      key={`${current?.version ?? 0}-${current?.status ?? 'NONE'}`}
      nip={nip}
      year={year}
      current={current}
      inForce={inForce}
      revision={status === 'APPROVED'}
      onCancel={() => setRevising(false)}
      parents={parents}
      parentsError={parentsError}
    />
  );
}

function PlanForm_({
  nip,
  year,
  current,
  inForce,
  revision,
  onCancel,
  parents,
  parentsError,
}: {
  nip: string;
  year: number;
  current: Version | undefined;
  inForce: Version | undefined;
  revision: boolean;
  onCancel: () => void;
  parents: Parents;
  parentsError: unknown;
}) {
  const initial: PlanForm = current ? formOf(current.results, '') : emptyPlan();
  // Saved or sent, the draft is cleared from the browser; the form keeps showing what was sent.
  const formKey = `skp.${nip}.${year}.${revision ? 'revisi' : 'draf'}`;
  const [form, setDraft] = useDraft<PlanForm>(formKey, initial);
  const clearForm = () => clearDraft(formKey);
  const [checked, setChecked] = useState<ReadonlyMap<string, string>>(new Map());
  const [actionError, setActionError] = useState<unknown>(null);
  // A change answers the checks made before it: they are made again when the form is sent.
  const setForm = (f: PlanForm) => {
    setDraft(f);
    if (checked.size) setChecked(new Map());
    if (actionError) setActionError(null);
  };
  const invalidates = [['workplan', nip, year], ['inbox'], ['cascade']];
  const path = { nip, year: String(year) };
  const saveDraft = (body: z.output<typeof DraftWorkPlanBody>, key: string) =>
    unwrap(api.POST('/api/v1/workplans/{nip}/{year}/draft', { params: { path }, body, headers: commandHeaders(key) }));
  const save = useCommand((body: Parameters<typeof saveDraft>[0], key: string) => saveDraft(body, key), {
    invalidates,
    onSuccess: () => clearForm(),
  });
  const submit = useCommand(
    async (body: Parameters<typeof saveDraft>[0] | null, key: string) => {
      if (body) await saveDraft(body, `${key}:draf`);
      return unwrap(api.POST('/api/v1/workplans/{nip}/{year}/submit', { params: { path }, body: {}, headers: commandHeaders(key) }));
    },
    { invalidates, onSuccess: () => clearForm() },
  );
  const revise = useCommand(
    (body: z.output<typeof ReviseWorkPlanBody>, key: string) =>
      unwrap(api.POST('/api/v1/workplans/{nip}/{year}/revise', { params: { path }, body, headers: commandHeaders(key) })),
    {
      invalidates,
      onSuccess: () => {
        clearForm();
        onCancel();
      },
    },
  );
  const busy = save.isPending || submit.isPending || revise.isPending;
  const apiError = actionError ?? save.error ?? submit.error ?? revise.error;
  const error = (p: string) => checked.get(p) ?? fieldError(apiError, p);
  const offered = parents?.results ?? [];
  const options: ParentOption[] = offered.map((r) => ({ value: r.resultId, label: r.text }));
  const hasSupervisor = !!parents?.supervisor;

  const reset = () => {
    setActionError(null);
    save.reset();
    submit.reset();
    revise.reset();
  };
  const onSave = () => {
    reset();
    const c = revision ? checkRevision(form) : checkDraft(form);
    if (!c.ok) {
      setChecked(c.errors);
      setActionError(invalid());
      return;
    }
    setChecked(new Map());
    if (revision) revise.mutate(c.body as Parameters<typeof revise.mutate>[0]);
    else save.mutate(c.body);
  };
  const onSubmit = () => {
    reset();
    const c = checkDraft(form, hasSupervisor ? offered.map((r) => r.resultId) : null);
    if (!c.ok) {
      setChecked(c.errors);
      setActionError(invalid());
      return;
    }
    setChecked(new Map());
    submit.mutate(isChanged(form, current?.results) || !current ? c.body : null);
  };

  return (
    <Stack gap="md" style={AA_ERROR_COLOR}>
      {current?.status === 'RETURNED' && (
        <Alert color="red" variant="light" title="Dikembalikan oleh pejabat penilai" data-testid="return-notes">
          <Text size="sm">{current.notes}</Text>
          <Text size="xs" c="dimmed" mt={4}>
            Perbaiki SKP sesuai catatan, lalu ajukan kembali.
          </Text>
        </Alert>
      )}
      {revision && (
        <Alert color="blue" variant="light" title={`Revisi SKP versi ${inForce?.version ?? ''}`}>
          Versi yang berlaku tetap berlaku sampai revisi ini disetujui.
        </Alert>
      )}
      {parentsError ? <ErrorNote error={parentsError} title="RHK atasan tidak dapat dimuat" /> : null}
      {parents && hasSupervisor && parents.supervisorPlan?.status !== 'APPROVED' && (
        <Alert color="gray" variant="light" title="SKP atasan belum disetujui">
          RHK atasan langsung baru dapat dipilih setelah SKP atasan disetujui.
        </Alert>
      )}
      {revision && (
        <Textarea
          label="Alasan revisi"
          autosize
          minRows={2}
          value={form.reason}
          disabled={busy}
          error={error('reason')}
          onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })}
        />
      )}
      <PlanEditor form={form} onChange={setForm} parents={options} error={error} disabled={busy} />
      <div data-testid="plan-actions">
        <Stack gap="xs">
          <ErrorNote error={apiError} />
          <Group gap="sm">
            {revision ? (
              <>
                <Button onClick={onSave} loading={revise.isPending} disabled={busy && !revise.isPending}>
                  Simpan revisi
                </Button>
                <Button variant="subtle" onClick={onCancel} disabled={busy}>
                  Batal
                </Button>
              </>
            ) : (
              <>
                <Button variant="light" onClick={onSave} loading={save.isPending} disabled={busy && !save.isPending}>
                  Simpan draf
                </Button>
                <Button onClick={onSubmit} loading={submit.isPending} disabled={busy && !submit.isPending}>
                  Ajukan SKP
                </Button>
              </>
            )}
          </Group>
          {save.isSuccess && !busy && (
            <Text size="sm" c="teal.9" role="status">
              Draf tersimpan.
            </Text>
          )}
        </Stack>
      </div>
    </Stack>
  );
}

/** The rater's view of a subordinate's plan: approve, or return with a note. */
function RaterView({
  nip,
  year,
  current,
  parentText,
}: {
  nip: string;
  year: number;
  current: Version | undefined;
  parentText: ReadonlyMap<string, string>;
}) {
  const [notes, setNotes, clearNotes] = useDraft<string>(`skp.${nip}.${year}.catatan`, '');
  const [checked, setChecked] = useState<string | undefined>();
  const path = { nip, year: String(year) };
  const invalidates = [['workplan', nip, year], ['inbox'], ['cascade']];
  const approve = useCommand(
    (_: null, key: string) =>
      unwrap(api.POST('/api/v1/workplans/{nip}/{year}/approve', { params: { path }, body: {}, headers: commandHeaders(key) })),
    { invalidates },
  );
  const ret = useCommand(
    (body: { notes: string }, key: string) =>
      unwrap(api.POST('/api/v1/workplans/{nip}/{year}/return', { params: { path }, body, headers: commandHeaders(key) })),
    { invalidates, onSuccess: () => clearNotes() },
  );
  if (!current) return <Empty>Pegawai ini belum membuat SKP untuk tahun {year}.</Empty>;
  const busy = approve.isPending || ret.isPending;
  const onReturn = () => {
    approve.reset();
    const body = { notes: notes.trim() };
    if (!body.notes) {
      setChecked('Tuliskan catatan perbaikan untuk pegawai.');
      return;
    }
    setChecked(undefined);
    ret.mutate(body);
  };
  return (
    <Stack gap="md">
      {current.notes && current.status !== 'RETURNED' && (
        <Alert color="gray" variant="light" title="Catatan pengembalian sebelumnya">
          {current.notes}
        </Alert>
      )}
      {current.status === 'RETURNED' && (
        <Alert color="red" variant="light" title="Dikembalikan">
          {current.notes}
        </Alert>
      )}
      {current.reason && (
        <Alert color="blue" variant="light" title="Alasan revisi">
          {current.reason}
        </Alert>
      )}
      <PlanResults results={current.results} parents={parentText} />
      {current.status === 'SUBMITTED' && (
        <Card withBorder padding="md" data-testid="rater-actions" style={AA_ERROR_COLOR}>
          <Stack gap="sm">
            <Title order={2} size="h4">
              Keputusan pejabat penilai
            </Title>
            <Group>
              <Button onClick={() => (ret.reset(), approve.mutate(null))} loading={approve.isPending} disabled={busy}>
                Setujui SKP
              </Button>
            </Group>
            <ErrorNote error={approve.error} />
            <Textarea
              label="Catatan perbaikan"
              description="Wajib bila SKP dikembalikan"
              autosize
              minRows={2}
              value={notes}
              disabled={busy}
              error={checked ?? fieldError(ret.error, 'notes')}
              onChange={(e) => setNotes(e.currentTarget.value)}
            />
            <Group>
              <Button variant="default" onClick={onReturn} loading={ret.isPending} disabled={busy}>
                Kembalikan dengan catatan
              </Button>
            </Group>
            <ErrorNote error={ret.error} />
          </Stack>
        </Card>
      )}
      {approve.isSuccess && (
        <Text role="status" c="teal.9">
          SKP disetujui.
        </Text>
      )}
    </Stack>
  );
}
