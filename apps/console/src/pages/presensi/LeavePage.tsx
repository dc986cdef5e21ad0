import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Group, Modal, NativeSelect, Pagination, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { LeaveRequestBody } from '@kinerja/contracts/leave';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatDate, formatInstant } from '../../format';
import { validate, withoutError, type FieldErrors } from '../../forms';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { label } from '../../i18n/terms';
import { useSession } from '../../session/hooks';
import {
  daysBetween,
  LEAVE_KIND_LABEL,
  LEAVE_KINDS,
  LEAVE_STATUS_COLOR,
  LEAVE_STATUS_LABEL,
  leaveRefusalFields,
  mayCancel,
} from './attendance';

const PAGE_SIZE = 20;

export const leaveListQuery = (nip: string, page: number) => ({
  queryKey: ['leave', nip, page],
  queryFn: () =>
    unwrap(api.GET('/api/v1/leave/{nip}', { params: { path: { nip }, query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } } })),
  enabled: !!nip,
});

/** A change just sent: the list (a read model, a moment behind the events) is asked again until it shows it. */
interface Awaited_ {
  leaveId: string;
  status: string;
}
const shows = (items: readonly { leaveId: string; status: string }[] | undefined, a: Awaited_ | null) =>
  !a || !!items?.some((r) => r.leaveId === a.leaveId && r.status === a.status);

interface LeaveDraft {
  kind: string;
  from: string;
  to: string;
  document: string;
  reason: string;
}
const emptyDraft: LeaveDraft = { kind: '', from: '', to: '', document: '', reason: '' };

const bodyOf = (d: LeaveDraft) => ({ kind: d.kind, from: d.from, to: d.to, document: d.document.trim(), reason: d.reason.trim() });

type LeaveRow = NonNullable<Awaited<ReturnType<ReturnType<typeof leaveListQuery>['queryFn']>>>['items'][number];

/**
 * Cuti dan dinas luar: the employee requests leave, official duty or study leave with its letter, sees
 * each request's decision (and the supervisor's note), and withdraws one while it may be withdrawn. An
 * approved request excuses its working days on the Presensi page.
 */
export function LeavePage() {
  const nip = useSession()?.claims.nip ?? '';
  const today = todayInJakarta();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('halaman')) || 1);
  const [awaiting, setAwaiting] = useState<Awaited_ | null>(null);
  const list = useQuery({
    ...leaveListQuery(nip, page),
    refetchInterval: (q) => (shows(q.state.data?.items, awaiting) || q.state.dataUpdateCount > 60 ? false : 500),
  });
  const [draft, setDraft, clearDraft] = useDraft<LeaveDraft>('cuti', emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>(new Map());
  const [sent, setSent] = useState<{ kind: string; from: string; to: string } | null>(null);
  const [cancelling, setCancelling] = useState<LeaveRow | null>(null);

  const request = useCommand(
    (body: ReturnType<typeof bodyOf>, key) =>
      unwrap(
        api.POST('/api/v1/leave/{nip}', {
          params: { path: { nip } },
          // One id per intent (the command's key): a resend is the same request, a new request after a
          // cancelled one of the same dates is a new one.
          body: LeaveRequestBody.parse({ ...body, leaveId: `c-${key}` }),
          headers: commandHeaders(key),
        }),
      ),
    {
      invalidates: [
        ['leave', nip],
        ['attendance', nip],
      ],
      onSuccess: (r, body) => {
        setAwaiting({ leaveId: r.leaveId, status: 'DIAJUKAN' });
        setSent({ kind: body.kind, from: body.from, to: body.to });
        clearDraft();
        setErrors(new Map());
        if (page !== 1) setParams({});
      },
    },
  );

  const refusal = leaveRefusalFields(request.error, list.data?.items ?? []);
  const errorOf = (field: string) => errors.get(field) ?? refusal.get(field);

  function submit(e: FormEvent) {
    e.preventDefault();
    setSent(null);
    const body = bodyOf(draft);
    const checked = validate(LeaveRequestBody, body);
    const found = new Map(checked.errors);
    if (body.kind === '') found.set('kind', 'Pilih jenis cuti.');
    if (!found.has('from') && !found.has('to') && body.to < body.from)
      found.set('to', 'Tanggal selesai tidak boleh sebelum tanggal mulai.');
    setErrors(found);
    if (found.size > 0 || request.isPending) return;
    request.mutate(body);
  }

  const set = (k: keyof LeaveDraft) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [k]: value }));
    setErrors((x) => withoutError(x, k));
  };
  const days = daysBetween(draft.from, draft.to);
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  return (
    <Page
      title="Cuti dan dinas luar"
      description="Ajukan cuti, dinas luar, atau tugas belajar beserta nomor suratnya. Atasan langsung memutuskannya; hari yang disetujui tidak dihitung tanpa keterangan."
    >
      {!nip && <Empty>Halaman ini untuk pegawai; akun Anda tidak terhubung dengan NIP.</Empty>}
      {nip && (
        <Card withBorder padding="md" component="section" aria-labelledby="cuti-form-title">
          <Title order={2} size="h4" id="cuti-form-title" mb="sm">
            Ajukan permohonan
          </Title>
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <NativeSelect
                label="Jenis"
                required
                value={draft.kind}
                onChange={set('kind')}
                error={errorOf('kind')}
                data={[{ value: '', label: 'Pilih jenis' }, ...LEAVE_KINDS.map((k) => ({ value: k, label: label(LEAVE_KIND_LABEL, k) }))]}
              />
              <Group grow wrap="wrap" gap="sm" align="flex-start">
                <TextInput
                  label="Mulai tanggal"
                  type="date"
                  required
                  value={draft.from}
                  onChange={set('from')}
                  error={errorOf('from')}
                  miw={150}
                />
                <TextInput
                  label="Sampai tanggal"
                  type="date"
                  required
                  min={draft.from || undefined}
                  value={draft.to}
                  onChange={set('to')}
                  error={errorOf('to')}
                  description={days > 0 ? `${days} hari kalender` : undefined}
                  miw={150}
                />
              </Group>
              <TextInput
                label="Nomor surat"
                description="Surat cuti, surat tugas, atau surat keterangan dokter."
                required
                maxLength={200}
                value={draft.document}
                onChange={set('document')}
                error={errorOf('document')}
              />
              <Textarea
                label="Alasan"
                required
                autosize
                minRows={2}
                maxLength={1000}
                value={draft.reason}
                onChange={set('reason')}
                error={errorOf('reason')}
              />
              {errors.size > 0 && (
                <Text c="red.8" size="sm" role="alert">
                  Ada isian yang belum sesuai. Periksa kolom yang ditandai.
                </Text>
              )}
              {refusal.size === 0 && <ErrorNote error={request.error} title="Permohonan belum terkirim" />}
              {refusal.size > 0 && (
                <Text c="red.8" size="sm" role="alert" data-error-code={request.error?.code}>
                  Permohonan belum terkirim. Periksa kolom yang ditandai.
                </Text>
              )}
              {sent && (
                <Alert color="green" role="status" title="Permohonan terkirim">
                  {label(LEAVE_KIND_LABEL, sent.kind)} {formatDate(sent.from)} s.d. {formatDate(sent.to)} menunggu keputusan atasan
                  langsung.
                </Alert>
              )}
              <Group>
                <Button type="submit" loading={request.isPending} size="md">
                  Ajukan
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}

      {nip && (
        <section aria-labelledby="cuti-daftar-title">
          <Title order={2} size="h4" id="cuti-daftar-title" mb="xs">
            Permohonan saya
          </Title>
          <ErrorNote error={list.error} title="Daftar permohonan tidak dapat dimuat" />
          {list.isPending && <Text size="sm">Memuat…</Text>}
          {list.data && list.data.items.length === 0 && <Empty>Belum ada permohonan.</Empty>}
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {list.data?.items.map((r) => (
              <Card component="li" key={r.leaveId} withBorder padding="sm" data-testid={`cuti-${r.leaveId}`} data-status={r.status}>
                <Group justify="space-between" gap="xs" wrap="wrap">
                  <Text fw={600} size="sm">
                    {label(LEAVE_KIND_LABEL, r.kind)}: {formatDate(r.from)}
                    {r.to !== r.from ? ` s.d. ${formatDate(r.to)}` : ''}
                  </Text>
                  <Badge color={label(LEAVE_STATUS_COLOR, r.status)} variant="light">
                    {label(LEAVE_STATUS_LABEL, r.status)}
                  </Badge>
                </Group>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  Surat: {r.document}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {r.reason}
                </Text>
                {r.note && (
                  <Text size="sm" mt={4} style={{ overflowWrap: 'anywhere' }}>
                    Catatan atasan: {r.note}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  Diajukan {formatInstant(r.requestedAt)}
                  {r.updatedAt !== r.requestedAt ? ` · diperbarui ${formatInstant(r.updatedAt)}` : ''}
                </Text>
                {mayCancel(r, today) && (
                  <Group mt="xs">
                    <Button
                      size="compact-sm"
                      variant="light"
                      color="red"
                      onClick={() => setCancelling(r)}
                      aria-label={`Batalkan ${label(LEAVE_KIND_LABEL, r.kind)} ${formatDate(r.from)}`}
                    >
                      Batalkan
                    </Button>
                  </Group>
                )}
              </Card>
            ))}
          </Stack>
          {pages > 1 && (
            <Pagination
              mt="sm"
              total={pages}
              value={page}
              onChange={(p) => setParams({ halaman: String(p) })}
              size="sm"
              siblings={1}
              boundaries={1}
              getItemProps={(p) => ({ 'aria-label': `Halaman ${p}` })}
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
        </section>
      )}
      <CancelModal
        nip={nip}
        request={cancelling}
        onClose={() => setCancelling(null)}
        onCancelled={(leaveId) => setAwaiting({ leaveId, status: 'DIBATALKAN' })}
      />
    </Page>
  );
}

/** Withdrawing a request: the reason is asked first (the API records it). */
function CancelModal({
  nip,
  request,
  onClose,
  onCancelled,
}: {
  nip: string;
  request: LeaveRow | null;
  onClose: () => void;
  onCancelled: (leaveId: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const cancel = useCommand(
    (v: { leaveId: string; reason: string }, key) =>
      unwrap(
        api.POST('/api/v1/leave/{nip}/{leaveId}/cancel', {
          params: { path: { nip, leaveId: v.leaveId } },
          body: { reason: v.reason },
          headers: commandHeaders(key),
        }),
      ),
    {
      invalidates: [
        ['leave', nip],
        ['attendance', nip],
      ],
      onSuccess: (_r, v) => {
        onCancelled(v.leaveId);
        close();
      },
    },
  );
  function close() {
    setReason('');
    setMissing(false);
    cancel.reset();
    onClose();
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!request || cancel.isPending) return;
    if (reason.trim() === '') {
      setMissing(true);
      return;
    }
    cancel.mutate({ leaveId: request.leaveId, reason: reason.trim() });
  }
  return (
    <Modal opened={!!request} onClose={close} title="Batalkan permohonan" centered closeButtonProps={{ 'aria-label': 'Tutup' }}>
      {request && (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm">
              {label(LEAVE_KIND_LABEL, request.kind)} {formatDate(request.from)} s.d. {formatDate(request.to)} ({request.document}).
            </Text>
            <Textarea
              label="Alasan pembatalan"
              required
              autosize
              minRows={2}
              maxLength={1000}
              value={reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                setMissing(false);
              }}
              error={missing ? 'Wajib diisi.' : undefined}
              data-autofocus
            />
            <ErrorNote error={cancel.error} title="Permohonan belum dibatalkan" />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                Kembali
              </Button>
              <Button type="submit" color="red" loading={cancel.isPending}>
                Batalkan permohonan
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
