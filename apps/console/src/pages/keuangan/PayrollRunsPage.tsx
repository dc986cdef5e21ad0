import { useNavigate, useSearchParams, Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text } from '@mantine/core';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatMonth, formatRupiah } from '../../format';
import { useCommand } from '../../hooks/command';
import { label } from '../../i18n/terms';
import { useSession } from '../../session/hooks';
import { defaultSlipMonth, recentMonths } from '../pay/pay';
import { isFinance, mayPrepare, opdsOfRoles } from './payroll';
import { runKey, useRun } from './queries';
import { RUN_STATUS } from './RunParts';

/**
 * Penggajian TPP: the run of an OPD for a month. The finance roles of an OPD see their own OPD;
 * BPKAD any. No run yet: the bendahara opens it ("Buka"); otherwise its state and a link to it.
 */
export function PayrollRunsPage() {
  const roles = useSession()?.claims.roles ?? [];
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const today = todayInJakarta();
  const bpkad = roles.includes('bpkad');
  const chart = useQuery({
    queryKey: ['org-chart-opds'],
    queryFn: () => unwrap(api.GET('/api/v1/org-chart')),
    enabled: bpkad,
    staleTime: 10 * 60_000,
  });
  const opds = [
    ...opdsOfRoles(roles).map((id) => ({ value: id, label: id })),
    ...(chart.data?.opds ?? []).filter((o) => !opdsOfRoles(roles).includes(o.unitId)).map((o) => ({ value: o.unitId, label: o.name })),
  ];
  const opdId = params.get('opd') ?? opds[0]?.value ?? '';
  const months = recentMonths(today, 24);
  const fromParams = params.get('bulan');
  const month = fromParams && /^\d{4}-(0[1-9]|1[0-2])$/.test(fromParams) ? fromParams : defaultSlipMonth(today);
  const run = useRun(opdId, month, !!opdId);
  const open = useCommand(
    (_: void, key: string) =>
      unwrap(api.POST('/api/v1/payroll/opds/{opdId}/runs', { params: { path: { opdId } }, body: { month }, headers: commandHeaders(key) })),
    { invalidates: [runKey(opdId, month)], onSuccess: () => navigate(`/keuangan/tpp/${encodeURIComponent(opdId)}/${month}`) },
  );
  const choose = (key: 'opd' | 'bulan', value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    if (key === 'opd' && !next.get('bulan')) next.set('bulan', month);
    if (key === 'bulan' && !next.get('opd')) next.set('opd', opdId);
    open.reset();
    setParams(next, { replace: true });
  };
  const runPath = `/keuangan/tpp/${encodeURIComponent(opdId)}/${month}`;
  return (
    <Page
      title="Penggajian TPP"
      description="Penghitungan TPP per OPD per bulan dan rantai persetujuannya: bendahara mengajukan (SPP-LS), PPK-SKPD memverifikasi (SPM), kepala OPD menyetujui, BPKAD mencairkan (SP2D)."
      loading={bpkad && chart.isPending}
      error={chart.error}
    >
      {!isFinance(roles) ? (
        <Empty>Halaman ini untuk bendahara, PPK-SKPD, kepala OPD dan BPKAD.</Empty>
      ) : (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} maw={640}>
            <NativeSelect label="OPD" data={opds} value={opdId} onChange={(e) => choose('opd', e.currentTarget.value)} />
            <NativeSelect
              label="Bulan"
              data={months.map((m) => ({ value: m, label: formatMonth(m) }))}
              value={month}
              onChange={(e) => choose('bulan', e.currentTarget.value)}
            />
          </SimpleGrid>
          <ErrorNote error={run.error} title="Penghitungan TPP tidak dapat dimuat" />
          {run.isPending && opdId && <Text size="sm">Memuat…</Text>}
          {run.data === null && (
            <Card withBorder padding="md" data-testid="run-none">
              <Text>
                Belum ada penghitungan TPP {opdId} untuk {formatMonth(month)}.
              </Text>
              {mayPrepare(roles, opdId) ? (
                <Stack gap="xs" mt="sm" align="flex-start">
                  <Text size="sm" c="dimmed">
                    Membuka penghitungan memakai data kepegawaian, predikat, rekap kehadiran, hukuman disiplin, dan Perkada yang berlaku
                    pada bulan tersebut.
                  </Text>
                  <Button onClick={() => open.mutate()} loading={open.isPending}>
                    Buka
                  </Button>
                  <ErrorNote error={open.error} title="Penghitungan tidak dapat dibuka" />
                </Stack>
              ) : (
                <Text size="sm" c="dimmed" mt="xs">
                  Penghitungan dibuka oleh bendahara OPD.
                </Text>
              )}
            </Card>
          )}
          {run.data && (
            <Card withBorder padding="md" data-testid="run-summary">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Text fw={700}>
                  {opdId} — {formatMonth(month)}
                </Text>
                <Badge variant="light" data-testid="run-status">
                  {label(RUN_STATUS, run.data.status)}
                </Badge>
              </Group>
              <Text size="sm" mt="xs">
                {run.data.lineCount} baris · TPP bruto {formatRupiah(run.data.totalGross)} · neto {formatRupiah(run.data.totalNet)}
              </Text>
              <Anchor component={Link} to={runPath} mt="sm" display="inline-block">
                Buka penghitungan TPP {opdId} {formatMonth(month)}
              </Anchor>
            </Card>
          )}
        </Stack>
      )}
    </Page>
  );
}
