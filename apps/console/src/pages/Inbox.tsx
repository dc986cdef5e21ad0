import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { api, unwrap } from '../api/client';
import { Page } from '../components/Page';
import { daysUntil, formatDate, formatInstant, formatMonth, formatPeriod } from '../format';
import { label, PREDIKAT_LABEL, STATUS_LABEL } from '../i18n/terms';
import { todayInJakarta } from '../clock';
import { useMe } from '../session/hooks';
import { LeaveToDecide } from './presensi/LeaveToDecide';

export const inboxQuery = { queryKey: ['inbox'], queryFn: () => unwrap(api.GET('/api/v1/inbox')) };

const RELATION_LABEL = new Map([
  ['PEER', 'rekan kerja'],
  ['SUBORDINATE', 'bawahan'],
  ['SUPERVISOR', 'atasan'],
]);

const REMINDER_LABEL = new Map([
  ['NO_DAILY_REPORT', 'Laporan harian belum diisi'],
  ['UNANSWERED_ITEMS', 'Ada laporan atau SKP bawahan yang menunggu tanggapan'],
]);

function Group_({ title, count, children, testId }: { title: string; count: number; children: ReactNode; testId: string }) {
  if (count === 0) return null;
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Badge>{count}</Badge>
      </Group>
      <Stack gap={6}>{children}</Stack>
    </Card>
  );
}

function Item({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm">
      {children}
    </Anchor>
  );
}

/** Beranda / Kotak masuk: what waits for me, grouped, each item opening where it is answered. */
export function InboxPage() {
  const inbox = useQuery(inboxQuery);
  const me = useMe();
  const today = todayInJakarta();
  const d = inbox.data;
  const total = d
    ? d.plansToApprove.length +
      d.reportsToAnswer.length +
      d.plansToFinish.length +
      d.reportsToRevise.length +
      d.feedbackAsked.length +
      d.realisationsToAnswer.length +
      d.reminders.length +
      d.objectionsToDecide.length +
      d.appraisalsIssued.length +
      d.escalatedObjections.length +
      d.leaveToDecide.length
    : 0;
  const reportsByMonth = new Map<string, number>();
  for (const r of d?.reportsToAnswer ?? []) reportsByMonth.set(r.month, (reportsByMonth.get(r.month) ?? 0) + 1);
  return (
    <Page
      title={`Selamat datang${me.data?.name ? `, ${me.data.name}` : ''}`}
      description={me.data?.position?.title ?? undefined}
      loading={inbox.isPending}
      error={inbox.error}
    >
      {d && total === 0 && <Text c="dimmed">Tidak ada yang menunggu Anda saat ini.</Text>}
      {d && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Group_ title="SKP bawahan untuk disetujui" count={d.plansToApprove.length} testId="inbox-plans">
            {d.plansToApprove.map((p) => (
              <Item key={`${p.nip}-${p.year}`} to={`/skp/${p.nip}/${p.year}`}>
                {p.name ?? p.nip} — SKP {p.year} (versi {p.version})
              </Item>
            ))}
          </Group_>
          <Group_ title="Laporan harian untuk ditanggapi" count={d.reportsToAnswer.length} testId="inbox-reports">
            {[...reportsByMonth].map(([month, n]) => (
              <Item key={month} to={`/laporan-harian/tanggapi?bulan=${month}`}>
                {n} laporan {formatMonth(month)} — tanggapi sekaligus
              </Item>
            ))}
            {d.reportsToAnswer.slice(0, 5).map((r) => (
              <Text key={r.reportId} size="xs" c="dimmed">
                {r.name ?? r.nip}, {formatDate(r.date)}: {r.output}
              </Text>
            ))}
          </Group_>
          <Group_ title="Realisasi untuk ditanggapi" count={d.realisationsToAnswer.length} testId="inbox-realisations">
            {d.realisationsToAnswer.map((r) => (
              <Item key={`${r.nip}-${r.period}-${r.indicatorId}`} to={`/realisasi/${r.nip}/${r.period}`}>
                {r.name ?? r.nip} — {formatPeriod(r.period)}, IKI {r.indicatorId}
              </Item>
            ))}
          </Group_>
          <LeaveToDecide items={d.leaveToDecide} />
          <Group_ title="Keberatan untuk diputus" count={d.objectionsToDecide.length} testId="inbox-objections">
            {d.objectionsToDecide.map((o) => (
              <Item key={`${o.nip}-${o.period}`} to={`/penilaian/keberatan/${o.nip}/${o.period}`}>
                {o.nip} — {formatPeriod(o.period)}
                {o.decisionDue ? `, putuskan sebelum ${formatInstant(o.decisionDue)}` : ''}
                {o.escalated ? ' (dieskalasi)' : ''}
              </Item>
            ))}
          </Group_>
          <Group_ title="Umpan balik yang diminta dari Anda" count={d.feedbackAsked.length} testId="inbox-feedback">
            {d.feedbackAsked.map((f) => (
              <Item key={`${f.nip}-${f.year}`} to={`/umpan-balik/beri/${f.nip}/${f.year}`}>
                {f.name ?? f.nip} ({label(RELATION_LABEL, f.relation)}), {f.year}
              </Item>
            ))}
          </Group_>
          <Group_ title="SKP saya yang belum selesai" count={d.plansToFinish.length} testId="inbox-my-plans">
            {d.plansToFinish.map((p) => (
              <Item key={p.year} to={`/skp/${me.data?.nip ?? ''}/${p.year}`}>
                SKP {p.year}: {label(STATUS_LABEL, p.status)}
              </Item>
            ))}
          </Group_>
          <Group_ title="Laporan harian saya yang perlu diperbaiki" count={d.reportsToRevise.length} testId="inbox-revise">
            {d.reportsToRevise.map((r) => (
              <Item key={r.reportId} to={`/laporan-harian?bulan=${r.month}&laporan=${r.reportId}`}>
                {formatDate(r.date)}
                {r.note ? `: ${r.note}` : ''}
              </Item>
            ))}
          </Group_>
          <Group_ title="Penilaian saya yang ditetapkan" count={d.appraisalsIssued.length} testId="inbox-appraisals">
            {d.appraisalsIssued.map((a) => (
              <Item key={a.period} to={`/penilaian/saya/${a.period}`}>
                {formatPeriod(a.period)}: {label(PREDIKAT_LABEL, a.predikat)}
                {a.objectionDeadline ? ` — keberatan s.d. ${formatInstant(a.objectionDeadline)}` : ''}
                {a.objectionDeadline && daysUntil(a.objectionDeadline.slice(0, 10), today) >= 0
                  ? ` (${daysUntil(a.objectionDeadline.slice(0, 10), today)} hari lagi)`
                  : ''}
              </Item>
            ))}
          </Group_>
          <Group_ title="Keberatan yang dieskalasi" count={d.escalatedObjections.length} testId="inbox-escalated">
            {d.escalatedObjections.map((o) => (
              <Text key={`${o.nip}-${o.period}`} size="sm">
                {o.nip} — {formatPeriod(o.period)}
                {o.decisionDue ? `, tenggat ${formatInstant(o.decisionDue)}` : ''}
              </Text>
            ))}
          </Group_>
          <Group_ title="Pengingat" count={d.reminders.length} testId="inbox-reminders">
            {d.reminders.map((r) => (
              <Text key={`${r.kind}-${r.day}`} size="sm">
                {formatDate(r.day)}: {label(REMINDER_LABEL, r.kind)}
                {r.count > 1 ? ` (${r.count})` : ''}
              </Text>
            ))}
          </Group_>
        </SimpleGrid>
      )}
    </Page>
  );
}
