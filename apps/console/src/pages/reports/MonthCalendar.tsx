import { Group, SimpleGrid, Text, UnstyledButton } from '@mantine/core';
import { formatDateWithDay } from '../../format';
import { label } from '../../i18n/terms';
import { countStates, DAY_STATE_LABEL, leadingBlanks, type CalendarDay, type DayState } from './logic';

const WEEK = ['Sen', 'Sel', 'Rab', 'Kam', 'Jum', 'Sab', 'Min'];

// Light backgrounds with dark text (AA contrast), and a mark besides the colour for who cannot tell them apart.
const STYLE: ReadonlyMap<DayState, { bg: string; fg: string; mark: string }> = new Map([
  ['SENT_BACK', { bg: 'var(--mantine-color-red-1)', fg: '#7d1a1a', mark: '!' }],
  ['ANSWERED', { bg: 'var(--mantine-color-green-1)', fg: '#1d4d1f', mark: '✓' }],
  ['FILLED', { bg: 'var(--mantine-color-blue-1)', fg: '#0c3a7a', mark: '•' }],
  ['MISSING', { bg: 'var(--mantine-color-orange-0)', fg: '#6b2c00', mark: '–' }],
  ['WEEKEND', { bg: 'var(--mantine-color-gray-2)', fg: '#343a40', mark: '' }],
  ['FUTURE', { bg: 'transparent', fg: '#495057', mark: '' }],
]);
const LEGEND: DayState[] = ['ANSWERED', 'FILLED', 'SENT_BACK', 'MISSING', 'WEEKEND'];

/** The month's days on a Monday-first grid, each with its state; a tap selects a day. */
export function MonthCalendar({
  month,
  days,
  selected,
  onSelect,
}: {
  month: string;
  days: readonly CalendarDay[];
  selected: string | null;
  onSelect: (date: string) => void;
}) {
  const counts = countStates(days);
  return (
    <div>
      <SimpleGrid cols={7} spacing={4} verticalSpacing={4} role="group" aria-label={`Kalender laporan ${month}`} data-testid="kalender">
        {WEEK.map((w) => (
          <Text key={w} size="xs" ta="center" fw={600} c="dimmed" aria-hidden>
            {w}
          </Text>
        ))}
        {Array.from({ length: leadingBlanks(month) }, (_, i) => (
          <div key={`blank-${i}`} aria-hidden />
        ))}
        {days.map((d) => {
          const s = STYLE.get(d.state)!;
          const name = `${formatDateWithDay(d.date)}: ${label(DAY_STATE_LABEL, d.state)}`;
          return (
            <UnstyledButton
              key={d.date}
              onClick={() => onSelect(d.date)}
              aria-label={name}
              aria-pressed={selected === d.date}
              data-state={d.state}
              data-date={d.date}
              title={name}
              style={{
                background: s.bg,
                color: s.fg,
                borderRadius: 6,
                minHeight: 40,
                textAlign: 'center',
                outline: selected === d.date ? '2px solid var(--mantine-color-blue-8)' : undefined,
                border: d.state === 'FUTURE' ? '1px dashed var(--mantine-color-gray-4)' : '1px solid transparent',
              }}
            >
              <Text size="sm" fw={600} lh={1.2} span display="block">
                {Number(d.date.slice(8))}
              </Text>
              <Text size="xs" lh={1} span display="block" aria-hidden>
                {s.mark || '\u00a0'}
              </Text>
            </UnstyledButton>
          );
        })}
      </SimpleGrid>
      <Group gap="xs" mt="sm" wrap="wrap">
        {LEGEND.map((st) => {
          const s = STYLE.get(st)!;
          return (
            <Text key={st} size="xs" px={6} py={2} style={{ background: s.bg, color: s.fg, borderRadius: 4 }} data-testid={`legend-${st}`}>
              {s.mark ? `${s.mark} ` : ''}
              {label(DAY_STATE_LABEL, st)}: {counts.get(st) ?? 0}
            </Text>
          );
        })}
      </Group>
    </div>
  );
}
