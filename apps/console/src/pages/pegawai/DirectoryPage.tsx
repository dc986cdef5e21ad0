import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Anchor, Button, Card, Group, NativeSelect, Pagination, Stack, Table, Text, TextInput } from '@mantine/core';
import { api, unwrap } from '../../api/client';
import { Empty, Page } from '../../components/Page';
import { useSession } from '../../session/hooks';
import { todayInJakarta } from '../../clock';
import { useOrgChart } from './queries';

const PAGE_SIZE = 20;

/**
 * Pegawai: the register's directory for BKPSDM, searched by name or the start of a NIP, a page at a
 * time (GET /api/v1/employees?q=&page=&pageSize=). A table on a desktop, cards on a phone. The search
 * and the page live in the address, so a link or the back button returns to the same list.
 */
export function DirectoryPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const opd = params.get('opd') ?? '';
  const chart = useOrgChart(todayInJakarta());
  const page = Math.max(1, Number(params.get('halaman')) || 1);
  const admin = (useSession()?.claims.roles ?? []).includes('admin_kepegawaian');
  const list = useQuery({
    queryKey: ['employees', q, opd, page],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/employees', { params: { query: { ...(q ? { q } : {}), ...(opd ? { opd } : {}), page, pageSize: PAGE_SIZE } } }),
      ),
    placeholderData: keepPreviousData,
  });
  const set = (next: { q?: string; opd?: string; halaman?: number }) => {
    const p = new URLSearchParams();
    const nq = next.q ?? q;
    if (nq) p.set('q', nq);
    const no = next.opd ?? opd;
    if (no) p.set('opd', no);
    const np = next.halaman ?? 1;
    if (np > 1) p.set('halaman', String(np));
    setParams(p, { replace: true });
  };
  const items = list.data?.items ?? [];
  return (
    <Page
      title="Pegawai"
      description="Daftar pegawai Pemda. Cari dengan nama atau awal NIP, lalu buka catatan pegawai."
      error={list.error}
      actions={
        admin ? (
          <Group gap="xs">
            <Button component={Link} to="/pegawai/baru" variant="light">
              Daftarkan pegawai
            </Button>
            <Button component={Link} to="/pegawai/impor" variant="light">
              Impor pegawai
            </Button>
          </Group>
        ) : undefined
      }
    >
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: String(new FormData(e.currentTarget).get('q') ?? '').trim() });
        }}
      >
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <TextInput
            name="q"
            label="Cari pegawai"
            placeholder="Nama atau NIP"
            defaultValue={q}
            key={q}
            maxLength={100}
            style={{ flex: 1 }}
          />
          <Button type="submit">Cari</Button>
        </Group>
        <NativeSelect
          mt="xs"
          label="OPD"
          value={opd}
          onChange={(e) => set({ opd: e.currentTarget.value })}
          data={[{ value: '', label: 'Semua OPD' }, ...(chart.data?.opds ?? []).map((o) => ({ value: o.unitId, label: o.name }))]}
        />
      </form>
      {list.isPending && <Text size="sm">Memuat…</Text>}
      {list.data && (
        <Stack gap="sm" data-testid="directory">
          <Text size="sm" c="dimmed" aria-live="polite">
            {list.data.page.total.toLocaleString('id-ID')} pegawai{q ? ` untuk “${q}”` : ''}
          </Text>
          {items.length === 0 ? (
            <Empty>Tidak ada pegawai yang cocok.</Empty>
          ) : (
            <>
              <Table.ScrollContainer minWidth={480} visibleFrom="sm">
                <Table striped highlightOnHover aria-label="Daftar pegawai">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>NIP</Table.Th>
                      <Table.Th>Nama</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((e) => (
                      <Table.Tr key={e.nip} data-testid={`employee-${e.nip}`}>
                        <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{e.nip}</Table.Td>
                        <Table.Td>
                          <Anchor component={Link} to={`/pegawai/${e.nip}`}>
                            {e.name}
                          </Anchor>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Stack gap="xs" hiddenFrom="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {items.map((e) => (
                  <Card component="li" key={e.nip} withBorder padding="sm" data-testid={`employee-card-${e.nip}`}>
                    <Anchor component={Link} to={`/pegawai/${e.nip}`} fw={600}>
                      {e.name}
                    </Anchor>
                    <Text size="sm" c="dimmed">
                      NIP {e.nip}
                    </Text>
                  </Card>
                ))}
              </Stack>
            </>
          )}
          {list.data.page.pages > 1 && (
            <Pagination
              total={list.data.page.pages}
              value={page}
              onChange={(p) => set({ halaman: p })}
              size="sm"
              siblings={1}
              boundaries={1}
              getItemProps={(p) => ({ 'aria-label': `Halaman ${p}` })}
              getControlProps={(c) => ({
                'aria-label': {
                  first: 'Halaman pertama',
                  last: 'Halaman terakhir',
                  next: 'Halaman berikutnya',
                  previous: 'Halaman sebelumnya',
                }[c],
              })}
            />
          )}
        </Stack>
      )}
    </Page>
  );
}
