import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { BudgetBody } from '@kinerja/contracts/payroll';
import type { z } from 'zod';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ErrorNote, fieldError } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatMonth, formatRupiah } from '../../format';
import { validate, type FieldErrors } from '../../forms';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { useSession } from '../../session/hooks';
import { AA_ERROR_COLOR } from '../skp/plan';
import { digitsOf, opdsOfRoles } from './budget';
import { monthsAround } from './report';

/**
 * Anggaran TPP: the OPD's TPP budget (APBD) month by month, which a run's submission may not exceed,
 * and the form with which BPKAD sets a month's (a later one replaces it). Amounts are whole rupiah.
 */
export function BudgetPage() {
  const today = todayInJakarta();
  const roles = useSession()?.claims.roles ?? [];
  const isBpkad = roles.includes('bpkad');
  const chart = useQuery({ queryKey: ['org-chart'], queryFn: () => unwrap(api.GET('/api/v1/org-chart', { params: { query: {} } })) });
  const opds = isBpkad ? (chart.data?.opds ?? []).map((o) => ({ value: o.unitId, label: `${o.name} (${o.unitId})` })) : [];
  const own = opdsOfRoles(roles);
  const choices = opds.length ? opds : own.map((o) => ({ value: o, label: o }));
  const [picked, setPicked] = useState<string | null>(null);
  const opdId = picked ?? choices[0]?.value ?? '';
  const budgets = useQuery({
    queryKey: ['budgets', opdId],
    queryFn: () => unwrap(api.GET('/api/v1/payroll/opds/{opdId}/budgets', { params: { path: { opdId } } })),
    enabled: !!opdId,
  });
  const [form, setForm, clear] = useDraft('keuangan-anggaran', { month: monthsAround(today)[0], amount: '', reason: '' });
  const [checked, setChecked] = useState<FieldErrors>(new Map());
  const [saved, setSaved] = useState<string | null>(null);
  const send = useCommand(
    (v: { month: string; body: z.output<typeof BudgetBody> }, key: string) =>
      unwrap(
        api.POST('/api/v1/payroll/opds/{opdId}/budgets/{month}', {
          params: { path: { opdId, month: v.month } },
          body: v.body,
          headers: commandHeaders(key),
        }),
      ),
    {
      invalidates: [['budgets']],
      onSuccess: (_, v) => {
        setSaved(v.month);
        clear();
      },
    },
  );
  const error = (p: string) => checked.get(p) ?? fieldError(send.error, p);
  const onSend = () => {
    send.reset();
    const c = validate(BudgetBody, { amount: form.amount, reason: form.reason.trim() });
    setChecked(c.errors);
    if (c.ok) send.mutate({ month: form.month, body: c.value });
  };
  const rows = [...(budgets.data?.budgets ?? [])].reverse();
  return (
    <Page
      title="Anggaran TPP"
      description="Pagu TPP OPD per bulan dari APBD. Pengajuan TPP (SPP-LS) ditolak bila totalnya melebihi pagu bulan itu."
      loading={chart.isPending && isBpkad}
      actions={
        choices.length > 0 ? (
          <NativeSelect label="OPD" data={choices} value={opdId} onChange={(e) => setPicked(e.currentTarget.value)} />
        ) : undefined
      }
    >
      {!opdId && <Empty>Akun Anda tidak terhubung dengan OPD mana pun.</Empty>}
      {isBpkad && opdId && (
        <Card withBorder padding="md" style={AA_ERROR_COLOR}>
          <Title order={2} size="h4" mb="sm">
            Tetapkan anggaran
          </Title>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect
                label="Bulan"
                data={monthsAround(today).map((m) => ({ value: m, label: formatMonth(m) }))}
                value={form.month}
                onChange={(e) => setForm({ ...form, month: e.currentTarget.value })}
              />
              <TextInput
                label="Pagu (rupiah)"
                inputMode="numeric"
                description={form.amount ? formatRupiah(form.amount) : 'Rupiah penuh, tanpa titik atau koma'}
                value={form.amount}
                onChange={(e) => {
                  setForm({ ...form, amount: digitsOf(e.currentTarget.value) });
                  setSaved(null);
                }}
                error={error('amount')}
              />
            </SimpleGrid>
            <Textarea
              label="Dasar penetapan"
              description="Misalnya nomor DPA atau perubahan APBD"
              autosize
              minRows={2}
              value={form.reason}
              onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })}
              error={error('reason')}
            />
            <Group>
              <Button onClick={onSend} loading={send.isPending}>
                Tetapkan anggaran
              </Button>
            </Group>
            <ErrorNote error={send.error} title="Anggaran tidak tersimpan" />
            {saved && (
              <Text size="sm" role="status">
                Anggaran {formatMonth(saved)} tersimpan.
              </Text>
            )}
          </Stack>
        </Card>
      )}
      {opdId && (
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="sm">
            Anggaran per bulan
          </Title>
          <ErrorNote error={budgets.error} title="Anggaran tidak dapat dimuat" />
          {budgets.data && rows.length === 0 && <Empty>Belum ada anggaran TPP yang ditetapkan untuk OPD ini.</Empty>}
          {rows.length > 0 && (
            <Table striped aria-label="Anggaran TPP per bulan">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Bulan</Table.Th>
                  <Table.Th ta="right">Pagu</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((b) => (
                  <Table.Tr key={b.month} data-testid="anggaran">
                    <Table.Td>{formatMonth(b.month)}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {formatRupiah(b.amount)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      )}
    </Page>
  );
}
