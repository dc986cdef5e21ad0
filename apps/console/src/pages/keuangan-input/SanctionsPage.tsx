import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { SanctionBody as SanctionSchema } from '@kinerja/contracts/payroll';
import { Scroll } from './Scroll';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ErrorNote, fieldError } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatMonth } from '../../format';
import { validate, type FieldErrors } from '../../forms';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { AA_ERROR_COLOR } from '../skp/plan';
import { monthsAround } from './report';
import { SANCTION_LABEL, sanctionBodyOf, type SanctionBody, type SanctionForm } from './sanctions';

const PAGE_SIZE = 50;

/**
 * Sanksi: the disciplinary sanctions register that cuts TPP (PP 94/2021), filtered by NIP, a month it
 * runs in and the OPD, and the form that records one (the contract's own checks before sending).
 */
export function SanctionsPage() {
  const today = todayInJakarta();
  const [filter, setFilter] = useState({ nip: '', month: '', opdId: '' });
  const [offset, setOffset] = useState(0);
  const query = {
    ...(/^\d{18}$/.test(filter.nip) ? { nip: filter.nip } : {}),
    ...(filter.month ? { month: filter.month } : {}),
    ...(filter.opdId.trim() ? { opdId: filter.opdId.trim() } : {}),
    limit: PAGE_SIZE,
    offset,
  };
  // A sanction just recorded reaches the register when the pay ledger has projected it, a moment
  // after the command's answer: the list is asked again until it shows it (or it is filtered out).
  const [awaited, setAwaited] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['sanctions', query],
    queryFn: () => unwrap(api.GET('/api/v1/payroll/sanctions', { params: { query } })),
    refetchInterval: (q) => (awaited && !q.state.data?.sanctions.some((x) => x.sanctionId === awaited) ? 800 : false),
  });
  useEffect(() => {
    if (awaited && list.data?.sanctions.some((x) => x.sanctionId === awaited)) setAwaited(null);
  }, [awaited, list.data]);
  // Not for ever: a register filtered on another NIP or month never shows it.
  useEffect(() => {
    if (!awaited) return;
    const t = setTimeout(() => setAwaited(null), 60_000);
    return () => clearTimeout(t);
  }, [awaited]);
  const empty: SanctionForm = { nip: '', type: 'RINGAN', startMonth: monthsAround(today)[1], months: '3', decreeNumber: '', reason: '' };
  const [form, setForm, clear] = useDraft<SanctionForm>('keuangan-sanksi', empty);
  const [checked, setChecked] = useState<FieldErrors>(new Map());
  const [saved, setSaved] = useState<string | null>(null);
  const send = useCommand(
    (body: SanctionBody, key: string) => unwrap(api.POST('/api/v1/payroll/sanctions', { body, headers: commandHeaders(key) })),
    {
      invalidates: [['sanctions']],
      onSuccess: (answer, body) => {
        setAwaited(answer.sanctionId);
        setSaved(body.nip);
        clear();
      },
    },
  );
  const error = (p: string) => checked.get(p) ?? fieldError(send.error, p);
  const set = (patch: Partial<SanctionForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setSaved(null);
  };
  const onSend = () => {
    send.reset();
    const c = validate(SanctionSchema, sanctionBodyOf(form));
    setChecked(c.errors);
    if (c.ok) send.mutate(c.value);
  };
  const rows = list.data?.sanctions ?? [];
  return (
    <Page
      title="Sanksi disiplin"
      description="Hukuman disiplin yang memotong TPP selama masa berlakunya. Catat sesuai surat keputusan hukuman disiplin."
    >
      <Card withBorder padding="md" style={AA_ERROR_COLOR}>
        <Title order={2} size="h4" mb="sm">
          Catat sanksi
        </Title>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="NIP"
              inputMode="numeric"
              value={form.nip}
              onChange={(e) => set({ nip: e.currentTarget.value })}
              error={error('nip')}
            />
            <NativeSelect
              label="Jenis hukuman"
              data={[...SANCTION_LABEL].map(([value, label]) => ({ value, label }))}
              value={form.type}
              onChange={(e) => set({ type: e.currentTarget.value })}
              error={error('type')}
            />
            <NativeSelect
              label="Mulai bulan"
              data={monthsAround(today).map((m) => ({ value: m, label: formatMonth(m) }))}
              value={form.startMonth}
              onChange={(e) => set({ startMonth: e.currentTarget.value })}
              error={error('startMonth')}
            />
            <TextInput
              label="Lama (bulan)"
              description="Hukuman sedang: 6, 9 atau 12 bulan"
              inputMode="numeric"
              value={form.months}
              onChange={(e) => set({ months: e.currentTarget.value })}
              error={error('months')}
            />
            <TextInput
              label="Nomor SK"
              value={form.decreeNumber}
              onChange={(e) => set({ decreeNumber: e.currentTarget.value })}
              error={error('decreeNumber')}
            />
          </SimpleGrid>
          <Textarea
            label="Alasan"
            autosize
            minRows={2}
            value={form.reason}
            onChange={(e) => set({ reason: e.currentTarget.value })}
            error={error('reason')}
          />
          <Group>
            <Button onClick={onSend} loading={send.isPending}>
              Catat sanksi
            </Button>
          </Group>
          <ErrorNote error={send.error} title="Sanksi tidak tercatat" />
          {saved && (
            <Text size="sm" role="status">
              Sanksi untuk NIP {saved} tercatat.
            </Text>
          )}
        </Stack>
      </Card>
      <Card withBorder padding="md">
        <Title order={2} size="h4" mb="sm">
          Daftar sanksi
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }} mb="sm">
          <TextInput
            label="Cari NIP"
            inputMode="numeric"
            value={filter.nip}
            onChange={(e) => {
              setFilter({ ...filter, nip: e.currentTarget.value.trim() });
              setOffset(0);
            }}
          />
          <NativeSelect
            label="Berlaku pada bulan"
            data={[{ value: '', label: 'Semua bulan' }, ...monthsAround(today, 24).map((m) => ({ value: m, label: formatMonth(m) }))]}
            value={filter.month}
            onChange={(e) => {
              setFilter({ ...filter, month: e.currentTarget.value });
              setOffset(0);
            }}
          />
          <TextInput
            label="Kode OPD"
            value={filter.opdId}
            onChange={(e) => {
              setFilter({ ...filter, opdId: e.currentTarget.value });
              setOffset(0);
            }}
          />
        </SimpleGrid>
        <ErrorNote error={list.error} title="Daftar tidak dapat dimuat" />
        {list.data && rows.length === 0 && <Empty>Tidak ada sanksi yang cocok.</Empty>}
        {rows.length > 0 && (
          <Scroll label="Daftar sanksi" minWidth={640}>
            <Table striped aria-label="Daftar sanksi">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Pegawai</Table.Th>
                  <Table.Th>OPD</Table.Th>
                  <Table.Th>Jenis</Table.Th>
                  <Table.Th>Berlaku</Table.Th>
                  <Table.Th>Nomor SK</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((s) => (
                  <Table.Tr key={s.sanctionId} data-testid="sanksi">
                    <Table.Td>
                      <Text size="sm">{s.name ?? '–'}</Text>
                      <Text size="xs" c="dimmed">
                        {s.nip}
                      </Text>
                    </Table.Td>
                    <Table.Td>{s.opdId ?? '–'}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={s.type === 'BERAT' ? 'red' : s.type === 'SEDANG' ? 'orange' : 'yellow'}>
                        {SANCTION_LABEL.get(s.type) ?? s.type}
                      </Badge>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatMonth(s.startMonth)} · {s.months} bulan
                    </Table.Td>
                    <Table.Td>{s.decreeNumber ?? '–'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Scroll>
        )}
        <Group mt="sm" gap="xs">
          <Button variant="default" size="xs" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            Sebelumnya
          </Button>
          <Button variant="default" size="xs" disabled={rows.length < PAGE_SIZE} onClick={() => setOffset(offset + PAGE_SIZE)}>
            Berikutnya
          </Button>
        </Group>
      </Card>
    </Page>
  );
}
