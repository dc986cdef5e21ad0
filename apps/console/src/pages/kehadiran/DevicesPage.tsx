import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Box, Button, Card, FileButton, Group, List, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { ErrorNote } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { formatInstant } from '../../format';
import { useCommand } from '../../hooks/command';
import { Scroll } from '../keuangan-input/Scroll';
import type { LineError } from './attendance';
import { LineErrors, OpdChoice, useAttendanceAccess, useOpd } from './parts';

type Pin = { pin: string; nip: string };
type Answer = {
  deviceId: string;
  opdId: string;
  dryRun: boolean;
  pins: number;
  changes: { added: Pin[]; removed: Pin[]; changed: { pin: string; from: string; to: string }[] };
  previousOpdId: string | null;
  recorded: boolean;
};

/** The bad rows a refused PIN map names (PIN_MAP_HAS_ERRORS), or none. */
function rowErrors(e: unknown): LineError[] {
  if (!(e instanceof ApiError) || e.code !== 'PIN_MAP_HAS_ERRORS') return [];
  return Array.isArray(e.details.errors) ? (e.details.errors as LineError[]) : [];
}

/**
 * Mesin presensi: an OPD's attendance machines with the number of PINs each maps to a NIP; a machine
 * is registered, or its map replaced, by a `pin,nip` CSV: checked first, every bad row named, and a
 * replaced map shows what it changed.
 */
export function DevicesPage() {
  const access = useAttendanceAccess('admin');
  const { opdList, options, opdId, choose } = useOpd(access);
  const [answer, setAnswer] = useState<Answer | null>(null);
  // The list is a read model: after a save it is read again until it shows the saved map.
  const saved = answer && !answer.dryRun && answer.opdId === opdId ? answer : null;
  const devices = useQuery({
    queryKey: ['attendance-devices', opdId],
    queryFn: () => unwrap(api.GET('/api/v1/attendance/devices', { params: { query: { opdId } } })),
    enabled: !!opdId,
    refetchInterval: (q) =>
      saved && !q.state.data?.devices.some((d) => d.deviceId === saved.deviceId && d.pins === saved.pins) ? 1000 : false,
  });
  const [form, setForm] = useState({ deviceId: '', csv: '' });
  const send = (dryRun: boolean) => (_: void, key: string) =>
    unwrap(
      api.POST('/api/v1/attendance/devices/{deviceId}', {
        params: { path: { deviceId: form.deviceId.trim() } },
        body: { opdId, csv: form.csv, dryRun },
        headers: commandHeaders(key),
      }),
    ) as Promise<Answer>;
  const check = useCommand<void, Answer>(send(true), { onSuccess: setAnswer });
  const save = useCommand<void, Answer>(send(false), { invalidates: [['attendance-devices', opdId]], onSuccess: setAnswer });
  const change = (patch: Partial<typeof form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setAnswer(null);
    check.reset();
    save.reset();
  };
  const error = save.error ?? check.error;
  const rows = rowErrors(error);
  const list = devices.data?.devices ?? [];
  const ready = !!form.deviceId.trim() && !!form.csv.trim() && !!opdId;
  return (
    <Page
      title="Mesin presensi"
      description="Mesin presensi OPD dan peta PIN ke NIP setiap mesin. Log mesin hanya memuat PIN; peta inilah yang menautkannya ke pegawai."
      loading={access.anyOpd && opdList.isPending}
      error={opdList.error}
    >
      <OpdChoice opdId={opdId} options={options} onOpd={choose} />
      <ErrorNote error={devices.error} title="Daftar mesin tidak dapat dimuat" />
      {devices.data &&
        (list.length === 0 ? (
          <Empty>Belum ada mesin presensi yang terdaftar untuk OPD ini.</Empty>
        ) : (
          <>
            <Box visibleFrom="sm">
              <Scroll label="Mesin presensi" minWidth={480}>
                <Table striped aria-label="Mesin presensi">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Kode mesin</Table.Th>
                      <Table.Th>Jumlah PIN</Table.Th>
                      <Table.Th>Peta terakhir diubah</Table.Th>
                      <Table.Th>Tindakan</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((d) => (
                      <Table.Tr key={d.deviceId} data-testid={`mesin-${d.deviceId}`}>
                        <Table.Td>{d.deviceId}</Table.Td>
                        <Table.Td>{d.pins.toLocaleString('id-ID')}</Table.Td>
                        <Table.Td>{formatInstant(d.changedAt)}</Table.Td>
                        <Table.Td>
                          <Button size="compact-sm" variant="subtle" onClick={() => change({ deviceId: d.deviceId })}>
                            Ganti peta {d.deviceId}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Scroll>
            </Box>
            <Stack gap="xs" hiddenFrom="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {list.map((d) => (
                <Card component="li" key={d.deviceId} withBorder padding="sm" data-testid={`mesin-kartu-${d.deviceId}`}>
                  <Text fw={600}>{d.deviceId}</Text>
                  <Text size="sm">{d.pins.toLocaleString('id-ID')} PIN</Text>
                  <Text size="xs" c="dimmed">
                    Diubah {formatInstant(d.changedAt)}
                  </Text>
                  <Button mt={4} size="compact-sm" variant="subtle" onClick={() => change({ deviceId: d.deviceId })}>
                    Ganti peta {d.deviceId}
                  </Button>
                </Card>
              ))}
            </Stack>
          </>
        ))}
      {access.canAct(opdId) && (
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="xs">
            Daftarkan mesin atau ganti peta PIN
          </Title>
          <Stack gap="sm">
            <TextInput
              label="Kode mesin"
              description="Huruf, angka, _ . atau -; misalnya MESIN-LOBI."
              maxLength={64}
              value={form.deviceId}
              onChange={(e) => change({ deviceId: e.currentTarget.value })}
              required
            />
            <FileButton
              accept=".csv,text/csv,text/plain"
              onChange={(f) => {
                if (f) void f.text().then((csv) => change({ csv }));
              }}
            >
              {(props) => (
                <Button variant="default" {...props}>
                  Pilih berkas peta PIN (CSV)
                </Button>
              )}
            </FileButton>
            <Textarea
              label="Peta PIN"
              description="Baris pertama: pin,nip. Setiap baris berikutnya: PIN di mesin, lalu NIP pegawai."
              autosize
              minRows={4}
              maxRows={12}
              styles={{ input: { fontFamily: 'monospace' } }}
              value={form.csv}
              onChange={(e) => change({ csv: e.currentTarget.value })}
            />
            <Group gap="sm">
              <Button variant="default" onClick={() => check.mutate()} loading={check.isPending} disabled={!ready}>
                Periksa peta
              </Button>
              <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!ready}>
                Simpan peta PIN
              </Button>
            </Group>
            {rows.length > 0 ? (
              <Box data-testid="peta-salah">
                <Text size="sm" mb="xs" role="alert">
                  {rows.length} baris peta PIN salah; tidak ada yang disimpan. Perbaiki baris berikut, lalu kirim lagi.
                </Text>
                <LineErrors errors={rows} label="Baris peta PIN yang salah" testId="baris-peta-salah" />
              </Box>
            ) : (
              <ErrorNote error={error} title="Peta PIN tidak disimpan" />
            )}
          </Stack>
        </Card>
      )}
      {answer && <MapAnswer answer={answer} />}
    </Page>
  );
}

function MapAnswer({ answer: a }: { answer: Answer }) {
  const { added, removed, changed } = a.changes;
  const none = added.length + removed.length + changed.length === 0;
  const title = a.dryRun ? 'Hasil pemeriksaan (belum disimpan)' : a.recorded ? 'Peta PIN tersimpan' : 'Tidak ada perubahan';
  return (
    <Alert color={a.dryRun ? 'blue' : 'green'} role="status" title={title} data-testid="hasil-peta">
      <Stack gap={4}>
        <Text size="sm">
          Mesin {a.deviceId} ({a.opdId}): {a.pins.toLocaleString('id-ID')} PIN.
          {a.previousOpdId && a.previousOpdId !== a.opdId ? ` Mesin ini pindah dari ${a.previousOpdId}.` : ''}
        </Text>
        {none ? (
          <Text size="sm">{a.dryRun || a.recorded ? 'Tidak ada PIN yang berubah.' : 'Peta ini sama dengan yang sudah tercatat.'}</Text>
        ) : (
          <>
            <Group gap="xs">
              <Badge variant="light" color="green">
                {added.length} ditambah
              </Badge>
              <Badge variant="light" color="red">
                {removed.length} dihapus
              </Badge>
              <Badge variant="light" color="yellow">
                {changed.length} diubah
              </Badge>
            </Group>
            <List size="sm" spacing={2}>
              {added.slice(0, 50).map((p) => (
                <List.Item key={`a${p.pin}`}>
                  PIN {p.pin} ditambahkan: NIP {p.nip}
                </List.Item>
              ))}
              {removed.slice(0, 50).map((p) => (
                <List.Item key={`r${p.pin}`}>
                  PIN {p.pin} dihapus (sebelumnya NIP {p.nip})
                </List.Item>
              ))}
              {changed.slice(0, 50).map((p) => (
                <List.Item key={`c${p.pin}`}>
                  PIN {p.pin}: NIP {p.from} menjadi {p.to}
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Stack>
    </Alert>
  );
}
