import type { ReactNode } from 'react';
import { Code, List, Progress, Stack, Table, Text, ThemeIcon, VisuallyHidden } from '@mantine/core';
import { formatInstant } from '../../format';
import { label } from '../../i18n/terms';
import { RUN_STATUS_LABEL } from '../pay/pay';
import { chainOf, progressOf, roleLabel, STEP_EVENT_LABEL } from './payroll';

/** The run's statuses, with the failed calculation the Slip TPP page never meets. */
export const RUN_STATUS: ReadonlyMap<string, string> = new Map([...RUN_STATUS_LABEL, ['CALCULATION_FAILED', 'Penghitungan gagal']]);

/** The calculation job's progress bar, from the run view (polled while CALCULATING). */
export function CalculationProgress({ job, status }: { job: unknown; status: string }) {
  const p = progressOf(job);
  const calculating = status === 'CALCULATING';
  if (!p && !calculating) return null;
  const percent = p ? (status === 'CALCULATED' ? 100 : p.percent) : 0;
  const waiting = calculating && (!p || p.state === 'waiting' || p.state === 'delayed');
  return (
    <Stack gap={4} data-testid="calc-progress" data-percent={percent} data-state={calculating ? 'calculating' : 'done'}>
      <Progress value={percent} aria-label="Kemajuan penghitungan TPP" size="lg" animated={calculating} />
      <Text size="sm" role="status">
        {waiting
          ? 'Menunggu giliran penghitungan…'
          : calculating
            ? `Menghitung: ${p?.linesDone ?? 0} dari ${p?.linesTotal ?? '?'} baris (${percent}%)`
            : `Penghitungan selesai${p?.linesTotal !== null && p?.linesTotal !== undefined ? `: ${p.linesTotal} baris` : ''} (${percent}%)`}
      </Text>
    </Stack>
  );
}

/**
 * A table that scrolls sideways on a phone: a native scroller, focusable and named, so that the
 * keyboard reaches what is off screen (axe's scrollable-region-focusable).
 */
export function ScrollTable({ minWidth, label, children }: { minWidth: number; label: string; children: ReactNode }) {
  return (
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label}>
      {children}
    </Table.ScrollContainer>
  );
}

const MARK = { done: '✓', current: '•', todo: '' } as const;
const STATE_WORD = { done: 'selesai', current: 'menunggu', todo: 'berikutnya' } as const;

/** The approval chain at a glance: each step done, the one waiting now, the ones to come. */
export function Chain({ status }: { status: string }) {
  return (
    <List
      aria-label="Alur persetujuan"
      data-testid="run-chain"
      spacing={4}
      center
      size="sm"
      styles={{
        root: {
          display: 'flex',
          flexWrap: 'wrap',
          columnGap: 'var(--mantine-spacing-lg)',
          rowGap: 4,
          listStyle: 'none',
          paddingInlineStart: 0,
        },
      }}
      icon={null}
    >
      {chainOf(status).map((c) => (
        <List.Item
          key={c.label}
          data-state={c.state}
          fw={c.state === 'current' ? 700 : 400}
          icon={
            <ThemeIcon
              size={20}
              radius="xl"
              color={c.state === 'todo' ? 'gray.3' : 'blue.8'}
              c={c.state === 'todo' ? 'dark' : 'white'}
              aria-hidden
            >
              {MARK[c.state]}
            </ThemeIcon>
          }
        >
          {c.label} — {c.role} <VisuallyHidden>({STATE_WORD[c.state]})</VisuallyHidden>
        </List.Item>
      ))}
    </List>
  );
}

/** The digest a signer signs: the multiset SHA-256 of the lines they reviewed. */
export function Digest({ digest }: { digest: string | null }) {
  if (!digest) return <Text size="sm">Belum ada ringkasan: TPP belum dihitung.</Text>;
  return (
    <Code block data-testid="run-digest" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
      {digest}
    </Code>
  );
}

interface StepRow {
  event?: string;
  eventId?: string;
  by?: string | null;
  role?: string | null;
  reason?: string | null;
  digest?: string | null;
  at?: string;
}

/** Who did what, in which role, why, and on which digest: the run's history as the ledger holds it. */
export function History({ steps }: { steps: ReadonlyArray<Record<string, unknown>> }) {
  const rows = steps as ReadonlyArray<StepRow>;
  if (!rows.length) return <Text size="sm">Belum ada riwayat.</Text>;
  return (
    <ScrollTable minWidth={640} label="Riwayat (dapat digeser)">
      <Table striped aria-label="Riwayat penghitungan dan tanda tangan" data-testid="run-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Waktu</Table.Th>
            <Table.Th>Langkah</Table.Th>
            <Table.Th>Oleh</Table.Th>
            <Table.Th>Alasan</Table.Th>
            <Table.Th>Ringkasan yang ditandatangani</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((s, i) => (
            <Table.Tr key={s.eventId ?? i} data-step={s.event}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(s.at)}</Table.Td>
              <Table.Td>{label(STEP_EVENT_LABEL, s.event)}</Table.Td>
              <Table.Td>
                {s.by ?? '–'}
                {s.role ? ` (${roleLabel(s.role)})` : ''}
              </Table.Td>
              <Table.Td>{s.reason ?? '–'}</Table.Td>
              <Table.Td>
                {s.digest ? (
                  <Text size="xs" ff="monospace" title={s.digest}>
                    {s.digest.slice(0, 16)}…
                  </Text>
                ) : (
                  '–'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
