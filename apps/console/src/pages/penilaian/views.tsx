import { Anchor, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import type { components } from '../../api/schema';
import { formatDate } from '../../format';
import { BEHAVIOUR_LABEL, BEHAVIOURS, label, PREDIKAT_LABEL } from '../../i18n/terms';
import { PredikatBadge, ratingText } from './parts';
import { EvidenceFile } from '../../components/EvidenceFile';

// How an appraisal reads, shared by the employee's page and the decider's: the ratings with their
// reasons, the objection, the decision.

export type AppraisalRow = components['schemas']['AppraisalLedgerRow'];

export function RatingsCard({ row, title = 'Penilaian pejabat penilai' }: { row: AppraisalRow; title?: string }) {
  const values = BEHAVIOURS.filter((v) => row.behaviourValues[v]);
  const issuedPredikat = row.issuedPredikat ?? row.predikat;
  return (
    <Card withBorder padding="md" data-testid="ratings">
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      <Stack gap={6}>
        <Group gap="xs">
          <Text size="sm">Predikat:</Text>
          <PredikatBadge predikat={issuedPredikat} />
        </Group>
        <div>
          <Text size="sm" fw={600}>
            Hasil kerja: {ratingText(row.results)}
          </Text>
          {row.reasons.results && <Text size="sm">Alasan: {row.reasons.results}</Text>}
        </div>
        <div>
          <Text size="sm" fw={600}>
            Perilaku kerja: {ratingText(row.behaviour)}
          </Text>
          {row.reasons.behaviour && <Text size="sm">Alasan: {row.reasons.behaviour}</Text>}
        </div>
        {values.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              Rincian perilaku BerAKHLAK
            </Text>
            <List size="sm">
              {values.map((v) => (
                <List.Item key={v}>
                  {label(BEHAVIOUR_LABEL, v)}: {ratingText(row.behaviourValues[v])}
                </List.Item>
              ))}
            </List>
          </div>
        )}
        {row.issuedOn && <Text size="sm">Ditetapkan {formatDate(row.issuedOn)}.</Text>}
      </Stack>
    </Card>
  );
}

export function ObjectionCard({ objection }: { objection: NonNullable<AppraisalRow['objection']> }) {
  return (
    <Card withBorder padding="md" data-testid="objection">
      <Title order={2} size="h4" mb="xs">
        Keberatan pegawai
      </Title>
      <Stack gap={6}>
        <Text size="sm">Diajukan {formatDate(objection.filedOn)}.</Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {objection.reasons}
        </Text>
        {objection.evidence.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              Bukti dukung
            </Text>
            <List size="sm">
              {objection.evidence.map((e, i) => (
                <List.Item key={i}>
                  {e.kind === 'LINK' && e.url ? (
                    <Anchor href={e.url} target="_blank" rel="noopener noreferrer">
                      {e.url}
                    </Anchor>
                  ) : (
                    e.sha256 && <EvidenceFile sha256={e.sha256}>Berkas {e.sha256.slice(0, 12)}…</EvidenceFile>
                  )}
                </List.Item>
              ))}
            </List>
          </div>
        )}
        <Text size="sm">
          Diputuskan oleh atasan pejabat penilai paling lambat {formatDate(objection.decisionDue)}
          {objection.escalated ? ' (telah dieskalasi ke BKPSDM)' : ''}.
        </Text>
      </Stack>
    </Card>
  );
}

export function DecisionCard({ decision }: { decision: NonNullable<AppraisalRow['decision']> }) {
  return (
    <Card withBorder padding="md" data-testid="decision">
      <Title order={2} size="h4" mb="xs">
        Keputusan atas keberatan
      </Title>
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          {decision.outcome === 'CONFIRM' ? 'Penilaian dikuatkan' : 'Penilaian diubah'} pada {formatDate(decision.decidedOn)}
          {decision.late ? ' (melewati tenggat)' : ''}.
        </Text>
        <Group gap="xs">
          <Text size="sm">Predikat akhir:</Text>
          <PredikatBadge predikat={decision.predikat} testId="decided-predikat" />
          {decision.previousPredikat !== decision.predikat && (
            <Text size="sm" c="dimmed">
              (sebelumnya {label(PREDIKAT_LABEL, decision.previousPredikat)})
            </Text>
          )}
        </Group>
        <Text size="sm">
          Hasil kerja: {ratingText(decision.results)} · Perilaku kerja: {ratingText(decision.behaviour)}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          Alasan: {decision.reasons}
        </Text>
      </Stack>
    </Card>
  );
}
