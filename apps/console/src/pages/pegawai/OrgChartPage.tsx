import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Anchor, Badge, Box, Button, Group, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { Empty, Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatDate } from '../../format';
import { actingCount, filterChart, positionTree, type OrgUnit, type PositionNode } from './people';
import { isDate, useOrgChart } from './queries';

const list = { listStyle: 'none', padding: 0, margin: 0 } as const;

function Positions({ nodes, depth }: { nodes: readonly PositionNode[]; depth: number }) {
  return (
    <Box component="ul" style={list}>
      {nodes.map((p) => (
        <Box
          component="li"
          key={p.positionId}
          pl={depth ? 10 : 0}
          py={2}
          style={depth ? { borderLeft: '2px solid var(--mantine-color-gray-3)' } : undefined}
          data-testid={`position-${p.positionId}`}
        >
          <Text size="sm" fw={500}>
            {p.name}{' '}
            <Text span size="xs" c="dimmed">
              (kelas {p.grade})
            </Text>
          </Text>
          {p.holders.length === 0 ? (
            <Text size="xs" c="dimmed">
              Lowong
            </Text>
          ) : (
            <Group gap={6} wrap="wrap">
              {p.holders.map((h) => (
                <Group key={h.assignmentId} gap={4} wrap="nowrap">
                  <Anchor component={Link} to={`/pegawai/${h.nip}`} size="xs">
                    {h.name ?? h.nip}
                  </Anchor>
                  {h.acting && (
                    <Badge size="xs" color="#9c3b00" variant="filled" tt="none" data-testid="plt-badge">
                      Plt
                    </Badge>
                  )}
                </Group>
              ))}
            </Group>
          )}
          {p.children.length > 0 && <Positions nodes={p.children} depth={depth + 1} />}
        </Box>
      ))}
    </Box>
  );
}

function Unit({ unit, depth, open, toggle }: { unit: OrgUnit; depth: number; open: ReadonlySet<string>; toggle: (id: string) => void }) {
  const expanded = open.has(unit.unitId);
  const bodyId = `unit-body-${unit.unitId}`;
  return (
    <Box
      component="li"
      pl={depth ? 10 : 0}
      style={depth ? { borderLeft: '2px solid var(--mantine-color-blue-2)' } : undefined}
      data-testid={`unit-${unit.unitId}`}
    >
      <UnstyledButton onClick={() => toggle(unit.unitId)} aria-expanded={expanded} aria-controls={bodyId} py={4} style={{ width: '100%' }}>
        <Group gap={6} wrap="nowrap" align="flex-start">
          <Text size="sm" aria-hidden="true" w={14}>
            {expanded ? '▾' : '▸'}
          </Text>
          <div>
            <Text fw={700} size="sm">
              {unit.name}
            </Text>
            <Text size="xs" c="dimmed">
              {unit.unitId}
              {unit.budgetCode ? ` · kode anggaran ${unit.budgetCode}` : ''} · {unit.positions.length} jabatan
              {unit.children.length ? `, ${unit.children.length} unit` : ''}
            </Text>
          </div>
        </Group>
      </UnstyledButton>
      {expanded && (
        <Stack gap={4} id={bodyId} pl={20} pb={4}>
          {unit.positions.length > 0 && <Positions nodes={positionTree(unit)} depth={0} />}
          {unit.children.length > 0 && (
            <Box component="ul" style={list}>
              {unit.children.map((c) => (
                <Unit key={c.unitId} unit={c} depth={depth + 1} open={open} toggle={toggle} />
              ))}
            </Box>
          )}
        </Stack>
      )}
    </Box>
  );
}

function allIds(units: readonly OrgUnit[], out: string[] = []): string[] {
  for (const u of units) {
    out.push(u.unitId);
    allIds(u.children, out);
  }
  return out;
}

/**
 * Struktur organisasi: the org chart on a date (GET /api/v1/org-chart?date=), each OPD a collapsible
 * tree of units and their positions with the holders; a post held by a Plt (an acting holder) carries
 * the badge "Plt". A search opens the units it matches.
 */
export function OrgChartPage() {
  const [params, setParams] = useSearchParams();
  const today = todayInJakarta();
  const date = params.get('tanggal') ?? today;
  const [typed, setTyped] = useState(date);
  const [q, setQ] = useState('');
  const chart = useOrgChart(isDate(date) ? date : today);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const opds = chart.data?.opds ?? [];
  const shown = filterChart(opds, q);
  const openSet = q.trim() ? new Set(allIds(shown)) : open;
  return (
    <Page
      title="Struktur organisasi"
      description={`Unit, jabatan dan pemangkunya pada ${formatDate(date)}. Jabatan yang dijabat pelaksana tugas ditandai “Plt”.`}
      loading={chart.isPending}
      error={chart.error}
      actions={
        <TextInput
          type="date"
          label="Pada tanggal"
          value={typed}
          onChange={(e) => {
            const d = e.currentTarget.value;
            setTyped(d);
            if (isDate(d)) setParams(d === today ? {} : { tanggal: d }, { replace: true });
          }}
        />
      }
    >
      <Group align="flex-end" gap="xs" wrap="wrap">
        <TextInput
          label="Cari unit, jabatan atau pegawai"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          style={{ flex: 1, minWidth: 200 }}
        />
        <Button variant="light" onClick={() => setOpen(new Set(allIds(opds)))}>
          Buka semua
        </Button>
        <Button variant="subtle" onClick={() => setOpen(new Set())}>
          Tutup semua
        </Button>
      </Group>
      {chart.data && (
        <Text size="sm" c="dimmed">
          {opds.length} OPD · {actingCount(opds)} jabatan dijabat Plt
        </Text>
      )}
      {chart.data && shown.length === 0 && <Empty>Tidak ada yang cocok.</Empty>}
      <Box component="ul" style={list} data-testid="org-chart">
        {shown.map((u) => (
          <Unit key={u.unitId} unit={u} depth={0} open={openSet} toggle={toggle} />
        ))}
      </Box>
    </Page>
  );
}
