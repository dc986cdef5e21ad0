import { Box, Card, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useSession } from '../../session/hooks';
import { Scroll } from '../keuangan-input/Scroll';
import { useOpdList } from '../kalibrasi/opd';
import { attendanceAccess, lineReason, type LineError } from './attendance';

/** The signed-in person's access on the Kehadiran pages. */
export function useAttendanceAccess(scope: 'recap' | 'admin') {
  const roles = useSession()?.claims.roles ?? [];
  return attendanceAccess(roles, scope);
}

/**
 * The OPD a page without a month is about (the machines, the import), kept in the address (`?opd=`):
 * one's own for an OPD's admin, any of the org chart for BKPSDM.
 */
export function useOpd(access: { anyOpd: boolean; own: readonly string[] }) {
  const opdList = useOpdList(access.anyOpd);
  const [params, setParams] = useSearchParams();
  const options = access.anyOpd ? (opdList.data ?? []) : access.own.map((o) => ({ value: o, label: o }));
  const opdId = params.get('opd') ?? access.own[0] ?? options[0]?.value ?? '';
  const choose = (opd: string) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set('opd', opd);
      return next;
    });
  return { opdList, options, opdId, choose };
}

/** The OPD: a choice for an office that works on any, a fixed line for one's own OPD. */
export function OpdChoice(props: { opdId: string; options: ReadonlyArray<{ value: string; label: string }>; onOpd(opd: string): void }) {
  if (props.options.length <= 1)
    return (
      <Text size="sm">
        OPD: <strong>{props.options[0]?.label ?? (props.opdId || 'tidak ada')}</strong>
      </Text>
    );
  return (
    <NativeSelect
      label="OPD"
      maw={420}
      value={props.opdId}
      onChange={(e) => props.onOpd(e.currentTarget.value)}
      data={[...props.options]}
    />
  );
}

/** Every bad line of a file: the line, the column, the reason in Indonesian and the code. Cards on a phone. */
export function LineErrors({ errors, label, testId }: { errors: readonly LineError[]; label: string; testId: string }) {
  return (
    <>
      <Box visibleFrom="sm">
        <Scroll label={label} minWidth={520}>
          <Table striped aria-label={label}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Baris</Table.Th>
                <Table.Th>Kolom</Table.Th>
                <Table.Th>Alasan</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {errors.map((e, i) => (
                <Table.Tr key={i} data-testid={testId}>
                  <Table.Td>{e.line > 0 ? e.line : '–'}</Table.Td>
                  <Table.Td>{e.column}</Table.Td>
                  <Table.Td>
                    {lineReason(e)}{' '}
                    <Text span size="xs" c="dimmed">
                      ({e.code})
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Scroll>
      </Box>
      <Stack gap="xs" hiddenFrom="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {errors.map((e, i) => (
          <Card component="li" key={i} withBorder padding="xs" data-testid={`${testId}-kartu`}>
            <Group gap="xs">
              <Text size="sm" fw={600}>
                Baris {e.line > 0 ? e.line : '–'}
              </Text>
              <Text size="sm" c="dimmed">
                kolom {e.column}
              </Text>
            </Group>
            <Text size="sm">
              {lineReason(e)}{' '}
              <Text span size="xs" c="dimmed">
                ({e.code})
              </Text>
            </Text>
          </Card>
        ))}
      </Stack>
    </>
  );
}
