import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, FileButton, Card, Checkbox, Group, List, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { Scroll } from '../keuangan-input/Scroll';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { ErrorNote } from '../../components/ErrorNote';
import { Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatDate, formatInstant } from '../../format';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { useSession } from '../../session/hooks';
import { AA_ERROR_COLOR } from '../skp/plan';
import { changesOf, inForce, parseDocument, policyDiff, type DiffRow } from './diff';

const KIND_LABEL: Record<DiffRow['kind'], string> = { same: 'Sama', changed: 'Berubah', added: 'Baru', removed: 'Dihapus' };
const KIND_COLOR: Record<DiffRow['kind'], string | undefined> = {
  same: undefined,
  changed: 'var(--mantine-color-yellow-light)',
  added: 'var(--mantine-color-green-light)',
  removed: 'var(--mantine-color-red-light)',
};

/**
 * Kebijakan TPP: the policy versions (each a Perkada as a document) with the one in force today and
 * what each changed from the one before; BPKAD publishes a new version after seeing, field by field,
 * how it differs from the version in force.
 */
export function PolicyPage() {
  const today = todayInJakarta();
  const canPublish = (useSession()?.claims.roles ?? []).includes('bpkad');
  const list = useQuery({ queryKey: ['policies'], queryFn: () => unwrap(api.GET('/api/v1/policies')) });
  const versions = [...(list.data?.versions ?? [])].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  const current = inForce(versions, today);
  const previousOf = (i: number) => versions[i + 1];
  return (
    <Page
      title="Kebijakan TPP"
      description="Versi Perkada TPP yang dipakai menghitung TPP. Penghitungan suatu bulan memakai versi yang berlaku pada tanggal 1 bulan itu."
      loading={list.isPending}
      error={list.error}
    >
      <Card withBorder padding="md">
        <Title order={2} size="h4" mb="sm">
          Riwayat versi
        </Title>
        <Scroll label="Riwayat versi kebijakan" minWidth={640}>
          <Table striped aria-label="Riwayat versi kebijakan">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Versi</Table.Th>
                <Table.Th>Perkada</Table.Th>
                <Table.Th>Ditetapkan</Table.Th>
                <Table.Th>Berlaku</Table.Th>
                <Table.Th>Perubahan</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.map((v, i) => {
                const prev = previousOf(i);
                const changes = prev ? changesOf(policyDiff(prev.document, v.document)) : [];
                return (
                  <Table.Tr key={v.policyVersion} data-testid="versi-kebijakan">
                    <Table.Td>
                      <Text size="sm" style={{ wordBreak: 'break-all' }}>
                        {v.policyVersion}
                      </Text>
                      {v === current && (
                        <Badge color="green" variant="light">
                          Berlaku
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{v.enactedBy.shortTitle}</Text>
                      <Text size="xs" c="dimmed">
                        Nomor {v.enactedBy.number} Tahun {v.enactedBy.year}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(v.enactedBy.enactedOn)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatDate(v.effectiveFrom)}
                      {v.effectiveUntil ? ` s.d. ${formatDate(v.effectiveUntil)}` : ''}
                    </Table.Td>
                    <Table.Td>
                      {v.published ? (
                        <Text size="xs" c="dimmed">
                          Alasan: {v.published.reason} ({formatInstant(v.published.at)})
                        </Text>
                      ) : (
                        <Text size="xs" c="dimmed">
                          Bawaan kinerja
                        </Text>
                      )}
                      {!prev ? (
                        <Text size="sm">Versi pertama</Text>
                      ) : (
                        <Text size="sm">
                          {changes.length} bagian berubah
                          {changes.length > 0 && (
                            <Text span size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                              {' '}
                              (
                              {changes
                                .filter((c) => c.path !== 'policyVersion')
                                .slice(0, 3)
                                .map((c) => c.path)
                                .join(', ')}
                              {changes.length > 4 ? ', …' : ''})
                            </Text>
                          )}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Scroll>
      </Card>
      {canPublish && current && <PublishForm current={current.document} currentVersion={current.policyVersion} />}
    </Page>
  );
}

function PublishForm({ current, currentVersion }: { current: Record<string, unknown>; currentVersion: string }) {
  const [form, setForm, clear] = useDraft('kebijakan-terbitkan', { text: JSON.stringify(current, null, 2), reason: '' });
  const [seen, setSeen] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  const [published, setPublished] = useState<string | null>(null);
  const parsed = parseDocument(form.text);
  const diff = parsed.ok ? policyDiff(current, parsed.document) : [];
  const changes = changesOf(diff);
  const send = useCommand(
    (body: { document: Record<string, unknown>; reason: string }, key: string) =>
      unwrap(api.POST('/api/v1/policies', { body, headers: commandHeaders(key) })),
    {
      invalidates: [['policies']],
      onSuccess: (r) => {
        setPublished(r.policyVersion);
        setSeen(null);
        clear();
      },
    },
  );
  const set = (patch: Partial<typeof form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setPublished(null);
  };
  const readFile = async (file: File | undefined) => {
    if (file) set({ text: await file.text() });
  };
  const issues =
    send.error instanceof ApiError && Array.isArray(send.error.details.issues) ? (send.error.details.issues as unknown[]).map(String) : [];
  const shown = showAll ? diff : changes;
  return (
    <Card withBorder padding="md" style={AA_ERROR_COLOR}>
      <Title order={2} size="h4" mb="xs">
        Terbitkan versi baru
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Ubah dokumen kebijakan (JSON) atau unggah berkasnya. Versi yang sudah ada tidak dapat diubah: beri nomor versi baru dan tanggal
        mulai berlakunya.
      </Text>
      <Stack gap="sm">
        <FileButton accept=".json,application/json" onChange={(f) => void readFile(f ?? undefined)}>
          {(props) => (
            <Button variant="default" {...props}>
              Pilih berkas JSON
            </Button>
          )}
        </FileButton>
        <Textarea
          label="Dokumen kebijakan"
          autosize
          minRows={6}
          maxRows={16}
          styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
          value={form.text}
          onChange={(e) => set({ text: e.currentTarget.value })}
          error={parsed.ok ? undefined : parsed.reason}
        />
        <Textarea
          label="Alasan penerbitan"
          autosize
          minRows={2}
          value={form.reason}
          onChange={(e) => set({ reason: e.currentTarget.value })}
        />
        <Group>
          <Button variant="default" disabled={!parsed.ok} onClick={() => setSeen(form.text)}>
            Lihat perbedaan
          </Button>
          <Button
            disabled={!parsed.ok || seen !== form.text || changes.length === 0 || !form.reason.trim()}
            loading={send.isPending}
            onClick={() => parsed.ok && send.mutate({ document: parsed.document, reason: form.reason.trim() })}
          >
            Terbitkan versi
          </Button>
        </Group>
        <ErrorNote error={send.error} title="Versi tidak diterbitkan" />
        {issues.length > 0 && (
          <List size="sm" aria-label="Bagian dokumen yang salah">
            {issues.map((i) => (
              <List.Item key={i} lang="en" style={{ wordBreak: 'break-word' }}>
                {i}
              </List.Item>
            ))}
          </List>
        )}
        {published && (
          <Text size="sm" role="status">
            Versi {published} diterbitkan.
          </Text>
        )}
        {seen === form.text && parsed.ok && (
          <div data-testid="perbedaan">
            <Group justify="space-between" mb="xs">
              <Text size="sm" fw={500}>
                {changes.length === 0
                  ? 'Tidak ada perbedaan dengan versi yang berlaku.'
                  : `${changes.length} bagian berbeda dari ${currentVersion}.`}
              </Text>
              <Checkbox label="Tampilkan semua bagian" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} />
            </Group>
            {shown.length > 0 && <PolicyDiffTable rows={shown} newLabel="Versi baru" />}
          </div>
        )}
      </Stack>
    </Card>
  );
}

/** The field-by-field difference with the version in force (also on the simulation page, for a draft). */
export function PolicyDiffTable({ rows, newLabel }: { rows: readonly DiffRow[]; newLabel: string }) {
  return (
    <Scroll label="Perbedaan dengan versi yang berlaku" minWidth={560}>
      <Table aria-label="Perbedaan dengan versi yang berlaku">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Bagian</Table.Th>
            <Table.Th>Berlaku sekarang</Table.Th>
            <Table.Th>{newLabel}</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.path} style={{ background: KIND_COLOR[r.kind] }} data-kind={r.kind} data-testid="baris-perbedaan">
              <Table.Td style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{r.path}</Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>{r.old ?? '–'}</Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>{r.new ?? '–'}</Table.Td>
              <Table.Td>{KIND_LABEL[r.kind]}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Scroll>
  );
}
