import { Link } from 'react-router';
import { Anchor, Card, List, Text } from '@mantine/core';
import { ApiError } from '../../api/errors';
import { formatMonth } from '../../format';
import { label, PREDIKAT_LABEL } from '../../i18n/terms';
import { KIND_LABEL, refusedDifferences } from './bkn';

/**
 * A submission refused with PREDIKAT_SOURCES_DISAGREE: the differences with e-Kinerja BKN it names
 * (name, NIP, both predikat) and the way to the page where BKPSDM resolves them. Nothing otherwise.
 */
export function DisagreeNote({ error, month }: { error: unknown; month: string }) {
  if (!(error instanceof ApiError) || error.code !== 'PREDIKAT_SOURCES_DISAGREE') return null;
  const { count, differences } = refusedDifferences(error.details);
  return (
    <Card withBorder padding="sm" mt="xs" data-testid="perbedaan-bkn">
      <Text size="sm" fw={600}>
        {count} perbedaan predikat dengan e-Kinerja BKN belum diselesaikan untuk {formatMonth(month)}:
      </Text>
      <List size="sm" mt={4} spacing={2}>
        {differences.map((d) => (
          <List.Item key={d.nip} style={{ overflowWrap: 'anywhere' }}>
            {d.name || 'Tanpa nama'} (NIP {d.nip}): {label(KIND_LABEL, d.kind).toLowerCase()}, kinerja {label(PREDIKAT_LABEL, d.kinerja)},
            e-Kinerja BKN {label(PREDIKAT_LABEL, d.bkn)}
          </List.Item>
        ))}
      </List>
      {count > differences.length && (
        <Text size="xs" c="dimmed" mt={4}>
          dan {count - differences.length} lainnya.
        </Text>
      )}
      <Text size="sm" mt="xs">
        BKPSDM menyelesaikannya di halaman{' '}
        <Anchor component={Link} to={`/rekonsiliasi-bkn?bulan=${month}`}>
          Rekonsiliasi e-Kinerja BKN {formatMonth(month)}
        </Anchor>
        ; setelah itu ajukan lagi.
      </Text>
    </Card>
  );
}
