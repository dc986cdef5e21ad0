import { Group, Radio, SimpleGrid, Text } from '@mantine/core';
import { SCALE_HINT } from './feedback';

/**
 * One value scored 1..5: five large radio cards (tap targets of at least 48 px on a phone), the
 * group named by the value, the words of the scale under it.
 */
export function ScoreScale({
  label,
  description,
  value,
  onChange,
  error,
}: {
  label: string;
  description?: string;
  value: number | null;
  onChange: (v: number) => void;
  error?: string;
}) {
  return (
    <Radio.Group
      label={label}
      description={description}
      value={value === null ? null : String(value)}
      onChange={(v) => onChange(Number(v))}
      error={error}
      withAsterisk
      styles={{ label: { fontWeight: 600 } }}
    >
      <SimpleGrid cols={5} spacing={6} mt={6}>
        {[1, 2, 3, 4, 5].map((n) => (
          <Radio.Card
            key={n}
            value={String(n)}
            radius="md"
            aria-label={`${n} ${SCALE_HINT.get(n)}`}
            style={{ minHeight: 52, display: 'flex', alignItems: 'center', justifyContent: 'center' }}
          >
            <Text fw={700} size="lg" ta="center">
              {n}
            </Text>
          </Radio.Card>
        ))}
      </SimpleGrid>
      <Group justify="space-between" mt={4}>
        <Text size="xs" c="dimmed">
          1 = {SCALE_HINT.get(1)}
        </Text>
        <Text size="xs" c="dimmed">
          5 = {SCALE_HINT.get(5)}
        </Text>
      </Group>
    </Radio.Group>
  );
}
