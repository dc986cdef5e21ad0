import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { ErrorNote } from '../../components/ErrorNote';
import { useDraft } from '../../hooks/draft';
import { Page } from '../../components/Page';
import { formatInstant } from '../../format';
import {
  AS_OF_KIND_LABEL,
  diffJson,
  formatCount,
  missingOf,
  momentOfInput,
  showLeaf,
  subjectOfParams,
  subjectParams,
  wibInputValue,
  type AsOfKind,
  type AsOfSubject,
} from './audit';

/** Not there yet at that moment: the answer the live read would give then (a 404), shown as "nothing". */
const NOT_YET = new Set(['APPRAISAL_NOT_FOUND', 'EMPLOYEE_NOT_FOUND', 'STREAM_NOT_FOUND']);

/** The record as the API answers it, then (`asOf`) or now; a record that did not exist yet is `undefined`. */
async function readRecord(s: AsOfSubject, asOf: string | undefined, reason: string | undefined): Promise<unknown> {
  const q = { ...(asOf ? { asOf } : {}), ...(reason ? { reason } : {}) };
  try {
    switch (s.kind) {
      case 'penilaian':
        return await unwrap(
          api.GET('/api/v1/appraisals/{nip}/{period}', { params: { path: { nip: s.nip!, period: s.period! }, query: q } }),
        );
      case 'pegawai':
        return await unwrap(api.GET('/api/v1/employees/{nip}', { params: { path: { nip: s.nip! }, query: q } }));
      case 'tpp':
        return await unwrap(
          api.GET('/api/v1/employees/{nip}/pay/{month}', { params: { path: { nip: s.nip!, month: s.month! }, query: q } }),
        );
      case 'aliran': {
        const r = await unwrap(
          api.GET('/api/v1/audit/streams/{streamId}', {
            params: { path: { streamId: s.stream! }, query: { ...(asOf ? { asOf } : {}), limit: 1000 } },
          }),
        );
        return { streamId: r.streamId, events: r.events };
      }
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 404 && NOT_YET.has(e.code)) return undefined;
    throw e;
  }
}

/** The answer without what names the moment asked (it differs by construction, not by content). */
const comparable = (v: unknown): unknown => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const { asOf: _asOf, ...rest } = v as Record<string, unknown>;
  return rest;
};

interface FormState {
  subject: AsOfSubject;
  moment: string;
}

/**
 * Per tanggal: a record as the log held it at a chosen moment beside the same record today, field by
 * field, the changed fields marked (by a badge and words, not by colour alone). The appraisal, the
 * employee record, a month's TPP ledger or any stream; the timeline opens it just before an event.
 */
export function AsOfPage() {
  const [params, setParams] = useSearchParams();
  const subject = subjectOfParams(params);
  const at = params.get('pada') ?? '';
  const atValid = !!at && !Number.isNaN(Date.parse(at));
  const [onlyChanged, setOnlyChanged] = useState(true);
  const [form, setForm] = useState<FormState>({ subject, moment: atValid ? wibInputValue(at) : '' });
  // The reason is the one field the address does not keep: a draft, so an expired session loses it not.
  const [reasonDraft, setReasonDraft] = useDraft('audit-per-tanggal-alasan', '');
  const [formFor, setFormFor] = useState(params.toString());
  const [reason, setReason] = useState(() => reasonDraft.trim());
  if (formFor !== params.toString()) {
    setFormFor(params.toString());
    setForm((f) => ({ ...f, subject, moment: atValid ? wibInputValue(at) : '' }));
  }
  const missing = missingOf(subject);
  const ready = missing.length === 0 && atValid;
  const key = [subjectParams(subject).toString(), reason];
  const then = useQuery({
    queryKey: ['as-of', ...key, at],
    queryFn: () => readRecord(subject, at, reason || undefined),
    enabled: ready,
  });
  const today = useQuery({
    queryKey: ['as-of', ...key, 'now'],
    queryFn: () => readRecord(subject, undefined, reason || undefined),
    enabled: ready,
  });
  const rows = then.isSuccess && today.isSuccess ? diffJson(comparable(then.data), comparable(today.data)) : [];
  const changed = rows.filter((r) => r.changed).length;
  const shown = onlyChanged ? rows.filter((r) => r.changed) : rows;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = subjectParams(form.subject);
    const moment = momentOfInput(form.moment);
    // A moment kept to the millisecond (from an event) stays as it is while the input shows it unchanged.
    if (moment) p.set('pada', atValid && wibInputValue(at) === form.moment ? at : moment);
    setReason(reasonDraft.trim());
    setParams(p);
  };
  const setSubject = (patch: Partial<AsOfSubject>) => setForm((f) => ({ ...f, subject: { ...f.subject, ...patch } }));
  const s = form.subject;

  return (
    <Page
      title="Data per tanggal"
      description="Sebuah data sebagaimana tercatat pada saat yang dipilih, berdampingan dengan keadaannya sekarang; kolom yang berbeda ditandai."
    >
      <Card withBorder padding="md" component="form" onSubmit={submit} aria-label="Pilih data dan waktu">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
          <NativeSelect
            label="Data"
            data={[...AS_OF_KIND_LABEL].map(([value, label]) => ({ value, label }))}
            value={s.kind}
            onChange={(e) => setSubject({ kind: e.currentTarget.value as AsOfKind })}
          />
          {s.kind === 'aliran' ? (
            <TextInput
              label="Kode aliran"
              placeholder="mis. PayrollRun-DINKES-2026-10"
              value={s.stream ?? ''}
              maxLength={200}
              onChange={(e) => setSubject({ stream: e.currentTarget.value })}
            />
          ) : (
            <TextInput
              label="NIP pegawai"
              placeholder="18 angka"
              inputMode="numeric"
              value={s.nip ?? ''}
              maxLength={18}
              onChange={(e) => setSubject({ nip: e.currentTarget.value })}
            />
          )}
          {s.kind === 'penilaian' && (
            <TextInput
              label="Periode"
              placeholder="YYYY-MM atau YYYY-Qn"
              value={s.period ?? ''}
              maxLength={7}
              onChange={(e) => setSubject({ period: e.currentTarget.value })}
            />
          )}
          {s.kind === 'tpp' && (
            <TextInput type="month" label="Bulan" value={s.month ?? ''} onChange={(e) => setSubject({ month: e.currentTarget.value })} />
          )}
          <TextInput
            type="datetime-local"
            step={1}
            label="Per waktu (WIB)"
            value={form.moment}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setForm((f) => ({ ...f, moment: v }));
            }}
          />
          <TextInput
            label="Alasan membaca (dicatat di log akses pegawai)"
            placeholder="mis. Pemeriksaan keberatan Oktober"
            value={reasonDraft}
            maxLength={500}
            onChange={(e) => setReasonDraft(e.currentTarget.value)}
          />
        </SimpleGrid>
        <Button type="submit" mt="md">
          Bandingkan
        </Button>
      </Card>

      {!ready && (
        <Text size="sm" c="dimmed">
          {missing.length > 0 ? `Lengkapi: ${missing.join(', ')}.` : 'Pilih waktu pembanding.'}
        </Text>
      )}
      <ErrorNote error={then.error} title="Data per tanggal tidak dapat dimuat" />
      <ErrorNote error={today.error} title="Data sekarang tidak dapat dimuat" />
      {ready && (then.isPending || today.isPending) && !then.error && !today.error && (
        <Text size="sm" role="status">
          Memuat…
        </Text>
      )}
      {then.isSuccess && today.isSuccess && (
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Title order={2} size="h4" data-testid="as-of-summary">
              {changed === 0 ? 'Tidak ada perbedaan' : `${formatCount(changed)} kolom berbeda`} dari {formatCount(rows.length)} kolom
            </Title>
            <Switch label="Hanya kolom yang berbeda" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.currentTarget.checked)} />
          </Group>
          {then.data === undefined && (
            <Alert color="gray" variant="light">
              Pada {formatInstant(at)} data ini belum ada.
            </Alert>
          )}
          {today.data === undefined && (
            <Alert color="gray" variant="light">
              Data ini tidak ada sekarang.
            </Alert>
          )}
          <Table.ScrollContainer minWidth={560} type="native" tabIndex={0} role="region" aria-label="Tabel perbandingan (dapat digeser)">
            <Table withTableBorder withColumnBorders aria-label="Perbandingan per kolom" data-testid="as-of-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Kolom</Table.Th>
                  <Table.Th scope="col">Per {formatInstant(at)}</Table.Th>
                  <Table.Th scope="col">Sekarang</Table.Th>
                  <Table.Th scope="col">Keterangan</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((r) => (
                  <Table.Tr
                    key={r.path}
                    data-path={r.path}
                    data-changed={r.changed}
                    style={r.changed ? { background: 'var(--mantine-color-yellow-light)' } : undefined}
                  >
                    <Table.Th scope="row" style={{ fontFamily: 'var(--mantine-font-family-monospace)', wordBreak: 'break-all' }}>
                      {r.path || '(seluruhnya)'}
                    </Table.Th>
                    <Table.Td style={{ wordBreak: 'break-word' }}>{showLeaf(r.old)}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-word' }} fw={r.changed ? 700 : undefined}>
                      {showLeaf(r.new)}
                    </Table.Td>
                    <Table.Td>
                      {r.changed ? (
                        <Badge color="dark" variant="filled" style={{ textTransform: 'none' }}>
                          ≠ Berubah
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          Sama
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </Page>
  );
}
