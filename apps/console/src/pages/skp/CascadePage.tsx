import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Box, Card, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { Empty, Page } from '../../components/Page';
import { label, STATUS_LABEL } from '../../i18n/terms';
import { useMe } from '../../session/hooks';
import type { components } from '../../api/schema';
import { countNodes, filterTree } from './plan';
import { cascadeQuery } from './queries';
import { thisYear } from './WorkPlanPage';

type Node = components['schemas']['CascadeNode'];

const STATUS_COLOR = new Map([
  ['DRAFT', 'gray'],
  ['SUBMITTED', 'blue'],
  ['APPROVED', 'green'],
  ['RETURNED', 'orange'],
]);

/** One RHK and those cascading from it, indented a little per level (capped, so a phone keeps its width). */
function Branch({
  nodes,
  names,
  year,
  depth,
}: {
  nodes: readonly Node[];
  names: ReadonlyMap<string, string | null>;
  year: number;
  depth: number;
}) {
  return (
    <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {nodes.map((n) => (
        <Box
          component="li"
          key={`${n.nip}-${n.resultId}`}
          pl={depth === 0 ? 0 : 10}
          style={depth ? { borderLeft: '2px solid var(--mantine-color-gray-4)' } : undefined}
        >
          <Card withBorder padding="xs" radius="sm">
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
              {n.text}
            </Text>
            <Group gap={6} wrap="wrap">
              <Anchor component={Link} to={`/skp/${n.nip}/${year}`} size="xs">
                {names.get(n.nip) ?? n.nip}
              </Anchor>
              <Badge size="xs" variant="dot" color={STATUS_COLOR.get(n.planStatus)}>
                {label(STATUS_LABEL, n.planStatus)}
              </Badge>
            </Group>
            {n.indicators.map((k) => (
              <Text key={k.indicatorId} size="xs" c="dimmed">
                IKI: {k.text} — {k.quantity.toLocaleString('id-ID')} {k.unit}
              </Text>
            ))}
          </Card>
          {n.children.length > 0 && (
            <Box mt={6} ml={depth < 4 ? 8 : 0}>
              <Branch nodes={n.children} names={names} year={year} depth={depth + 1} />
            </Box>
          )}
        </Box>
      ))}
    </Stack>
  );
}

/** /skp/kaskade — the cascade of RHK in my unit, from the head down, searchable. */
export function CascadePage() {
  const me = useMe();
  const [year, setYear] = useState<number>(thisYear());
  const [query, setQuery] = useState('');
  const unitId = me.data?.position?.orgUnitId;
  const cascade = useQuery(cascadeQuery(unitId, year));
  const names = new Map((cascade.data?.plans ?? []).map((p) => [p.nip, p.name]));
  const tree = filterTree(cascade.data?.tree ?? [], query, names);
  return (
    <Page
      title="Kaskade SKP unit saya"
      description="RHK setiap pegawai di unit Anda, tersusun dari RHK atasan yang didukungnya."
      loading={me.isPending || (!!unitId && cascade.isPending)}
      error={me.error ?? cascade.error}
    >
      {!unitId && !me.isPending && <Empty>Anda tidak sedang menduduki jabatan pada unit organisasi.</Empty>}
      {cascade.data && (
        <Stack gap="md">
          <Group gap="sm" align="flex-end" wrap="wrap">
            <NumberInput
              label="Tahun"
              value={year}
              min={2000}
              max={2100}
              allowDecimal={false}
              w={110}
              onChange={(v) => typeof v === 'number' && setYear(v)}
            />
            <TextInput
              label="Cari RHK atau pegawai"
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
              style={{ flex: '1 1 200px' }}
            />
          </Group>
          <Text size="sm" c="dimmed">
            {cascade.data.plans.length} SKP, {countNodes(cascade.data.tree)} RHK
            {query.trim() ? `; ${countNodes(tree)} RHK sesuai pencarian` : ''}
          </Text>
          {tree.length ? <Branch nodes={tree} names={names} year={year} depth={0} /> : <Empty>Tidak ada RHK untuk ditampilkan.</Empty>}
        </Stack>
      )}
    </Page>
  );
}
