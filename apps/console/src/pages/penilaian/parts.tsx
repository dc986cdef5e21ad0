import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Group, NativeSelect, Table, Text } from '@mantine/core';
import type { Predikat, Rating } from '@kinerja/policies';
import { RATINGS } from '@kinerja/policies/appraisal';
import { api, unwrap } from '../../api/client';
import { label, PREDIKAT_LABEL, RATING_LABEL } from '../../i18n/terms';
import type { Matrix } from './rules';

// The pieces the appraisal pages share: the rules of the period, the matrix, a rating's select, the predikat.

export const rulesQuery = (period: string) => ({
  queryKey: ['appraisal-rules', period],
  queryFn: () => unwrap(api.GET('/api/v1/appraisal-rules/{period}', { params: { path: { period } } })),
  staleTime: 10 * 60_000,
});

export function useRules(period: string | undefined) {
  return useQuery({ ...rulesQuery(period ?? ''), enabled: !!period });
}

// Filled badges whose white text keeps AA contrast (4.5:1) on each colour.
const PREDIKAT_COLOR = new Map<string, string>([
  ['SANGAT_BAIK', 'teal.9'],
  ['BAIK', 'blue.8'],
  ['BUTUH_PERBAIKAN', 'grape.9'],
  ['KURANG', 'red.9'],
  ['SANGAT_KURANG', 'dark.7'],
]);

export function PredikatBadge({ predikat, testId }: { predikat: string | null | undefined; testId?: string }) {
  if (!predikat)
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        Belum ada predikat
      </Text>
    );
  return (
    <Badge color={PREDIKAT_COLOR.get(predikat) ?? 'dark.7'} variant="filled" size="lg" data-testid={testId} data-predikat={predikat}>
      {label(PREDIKAT_LABEL, predikat)}
    </Badge>
  );
}

/** The policy's matrix: the results rating down, the behaviour rating across, the chosen cell marked. */
export function MatrixTable({
  matrix,
  results,
  behaviour,
  caption,
}: {
  matrix: Matrix;
  results?: Rating | '';
  behaviour?: Rating | '';
  caption?: string;
}) {
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table withTableBorder withColumnBorders fz="sm" captionSide="top">
        {caption && <Table.Caption>{caption}</Table.Caption>}
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Hasil kerja \ Perilaku kerja</Table.Th>
            {RATINGS.map((b) => (
              <Table.Th key={b} scope="col">
                {label(RATING_LABEL, b)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {RATINGS.map((r) => (
            <Table.Tr key={r}>
              <Table.Th scope="row">{label(RATING_LABEL, r)}</Table.Th>
              {RATINGS.map((b) => {
                const chosen = r === results && b === behaviour;
                return (
                  <Table.Td
                    key={b}
                    fw={chosen ? 700 : undefined}
                    bg={chosen ? 'blue.0' : undefined}
                    aria-current={chosen ? 'true' : undefined}
                  >
                    {label(PREDIKAT_LABEL, matrix[r][b])}
                    {chosen ? ' ✓' : ''}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function RatingSelect({
  label: text,
  value,
  onChange,
  error,
  required,
  allowEmpty = true,
  emptyLabel = '— pilih —',
}: {
  label: string;
  value: Rating | '';
  onChange: (v: Rating | '') => void;
  error?: string;
  required?: boolean;
  allowEmpty?: boolean;
  emptyLabel?: string;
}) {
  return (
    <NativeSelect
      label={text}
      value={value}
      required={required}
      error={error}
      onChange={(e) => onChange(e.currentTarget.value as Rating | '')}
      data={[
        ...(allowEmpty ? [{ value: '', label: emptyLabel }] : []),
        ...RATINGS.map((r) => ({ value: r, label: label(RATING_LABEL, r) })),
      ]}
    />
  );
}

export const ratingText = (r: string | null | undefined) => label(RATING_LABEL, r);

export type { Predikat };

/** The two views of Penilaian: my team's (a supervisor) and my own. */
export function PenilaianTabs({ hasTeam }: { hasTeam: boolean }) {
  const { pathname } = useLocation();
  const mine = pathname.startsWith('/penilaian/saya');
  const tab = (to: string, text: string, active: boolean): ReactNode => (
    <Button component={Link} to={to} variant={active ? 'filled' : 'default'} size="xs" aria-current={active ? 'page' : undefined}>
      {text}
    </Button>
  );
  return (
    <Group gap="xs" role="navigation" aria-label="Bagian penilaian">
      {hasTeam && tab('/penilaian', 'Penilaian tim', !mine)}
      {tab('/penilaian/saya', 'Penilaian saya', mine)}
    </Group>
  );
}
