import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { formatDate } from '../../format';
import { useCommand } from '../../hooks/command';
import { label } from '../../i18n/terms';
import { LEAVE_KIND_LABEL } from './attendance';

export interface LeaveToDecideItem {
  nip: string;
  name: string | null;
  leaveId: string;
  kind: string;
  from: string;
  to: string;
  document: string;
  reason: string;
}

/** The inbox's "Permohonan cuti": the leave requests of today's direct reports, approved or refused here. */
export function LeaveToDecide({ items }: { items: readonly LeaveToDecideItem[] }) {
  const [done, setDone] = useState<string | null>(null);
  // Decided here: gone from the list at once (the inbox's read model follows a moment later).
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const open = items.filter((r) => !decided.has(`${r.nip}/${r.leaveId}`));
  if (open.length === 0 && !done) return null;
  return (
    <Card withBorder padding="md" data-testid="inbox-leave" component="section" aria-labelledby="inbox-leave-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="inbox-leave-title">
          Permohonan cuti
        </Title>
        <Badge>{open.length}</Badge>
      </Group>
      {done && (
        <Alert color="green" role="status" mb="xs" withCloseButton closeButtonLabel="Tutup" onClose={() => setDone(null)}>
          {done}
        </Alert>
      )}
      <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {open.map((r) => (
          <LeaveItem
            key={`${r.nip}-${r.leaveId}`}
            item={r}
            onDone={(message) => {
              setDone(message);
              setDecided((s) => new Set(s).add(`${r.nip}/${r.leaveId}`));
            }}
          />
        ))}
      </Stack>
    </Card>
  );
}

function LeaveItem({ item: r, onDone }: { item: LeaveToDecideItem; onDone: (message: string) => void }) {
  const [refusing, setRefusing] = useState(false);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const who = r.name ?? r.nip;
  const what = `${label(LEAVE_KIND_LABEL, r.kind)} ${formatDate(r.from)}${r.to !== r.from ? ` s.d. ${formatDate(r.to)}` : ''}`;
  const decide = useCommand(
    (v: { approve: boolean; note?: string }, key) =>
      unwrap(
        api.POST('/api/v1/leave/{nip}/{leaveId}/decision', {
          params: { path: { nip: r.nip, leaveId: r.leaveId } },
          body: v,
          headers: commandHeaders(key),
        }),
      ),
    {
      invalidates: [['inbox'], ['leave', r.nip], ['attendance', r.nip]],
      onSuccess: (_a, v) => onDone(`${what} untuk ${who} ${v.approve ? 'disetujui' : 'ditolak'}.`),
    },
  );
  function refuse(e: FormEvent) {
    e.preventDefault();
    if (decide.isPending) return;
    if (note.trim() === '') {
      setMissing(true);
      return;
    }
    decide.mutate({ approve: false, note: note.trim() });
  }
  return (
    <Card component="li" withBorder padding="sm" data-testid={`inbox-leave-${r.leaveId}`}>
      <Text fw={600} size="sm">
        {who} — {what}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        Surat: {r.document}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {r.reason}
      </Text>
      <Anchor component={Link} to={`/presensi/${r.nip}?bulan=${r.from.slice(0, 7)}`} size="sm">
        Lihat presensi {who}
      </Anchor>
      <ErrorNote error={decide.error} title="Keputusan belum tersimpan" />
      {!refusing && (
        <Group gap="xs" mt="xs">
          <Button
            size="compact-sm"
            onClick={() => decide.mutate({ approve: true })}
            loading={decide.isPending}
            aria-label={`Setujui ${what} ${who}`}
          >
            Setujui
          </Button>
          <Button size="compact-sm" variant="light" color="red" onClick={() => setRefusing(true)} aria-label={`Tolak ${what} ${who}`}>
            Tolak
          </Button>
        </Group>
      )}
      {refusing && (
        <form onSubmit={refuse} noValidate>
          <Stack gap="xs" mt="xs">
            <Textarea
              label="Alasan penolakan"
              description="Dibaca oleh pegawai."
              required
              autosize
              minRows={2}
              maxLength={1000}
              value={note}
              onChange={(e) => {
                setNote(e.currentTarget.value);
                setMissing(false);
              }}
              error={missing ? 'Wajib diisi untuk menolak.' : undefined}
              autoFocus
            />
            <Group gap="xs">
              <Button type="submit" size="compact-sm" color="red" loading={decide.isPending}>
                Kirim penolakan
              </Button>
              <Button size="compact-sm" variant="default" onClick={() => setRefusing(false)}>
                Batal
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Card>
  );
}
