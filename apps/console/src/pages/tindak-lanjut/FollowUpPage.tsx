import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Group, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import { api, unwrap } from '../../api/client';
import { ScrollTable } from '../kalibrasi/ScrollTable';
import { ErrorNote } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { allPages, toCsv } from './csv';
import { cellsOf, fileNameOf, filterValue, LISTS, type FollowUpList, type ListKey } from './lists';

const PAGE_SIZE = 20;
type Row = Record<string, unknown>;

/** One page of a follow-up list, as the API answers it. */
async function fetchList(key: ListKey, limit: number, offset: number, filter: string | null): Promise<Row[]> {
  const period = filter;
  switch (key) {
    case 'promotion-eligibility':
      return (
        await unwrap(
          api.GET('/api/v1/follow-up/promotion-eligibility', { params: { query: { limit, offset, ...(filter ? { year: filter } : {}) } } }),
        )
      ).eligibility as Row[];
    case 'rewards':
      return (await unwrap(api.GET('/api/v1/follow-up/rewards', { params: { query: { limit, offset, ...(period ? { period } : {}) } } })))
        .rewards as Row[];
    case 'sanction-cases':
      return (await unwrap(api.GET('/api/v1/follow-up/sanction-cases', { params: { query: { limit, offset } } }))).cases as Row[];
    case 'training-recommendations':
      return (await unwrap(api.GET('/api/v1/follow-up/training-recommendations', { params: { query: { limit, offset } } })))
        .recommendations as Row[];
    case 'escalated-objections':
      return (await unwrap(api.GET('/api/v1/follow-up/escalated-objections', { params: { query: { limit, offset } } })))
        .objections as Row[];
  }
}

/**
 * Tindak lanjut: BKPSDM's lists after appraisals are settled (escalated objections, training
 * recommendations, rewards, sanction cases), paged, each downloadable as CSV (every page of the
 * filtered list); and an employee's promotion eligibility by NIP.
 */
export function FollowUpPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('daftar') ?? LISTS[0].key;
  return (
    <Page
      title="Tindak lanjut penilaian"
      description="Daftar tindak lanjut setelah predikat ditetapkan: keberatan yang dieskalasi, rekomendasi pelatihan, penghargaan, kasus sanksi, dan kelayakan kenaikan pangkat."
    >
      <Tabs value={tab} onChange={(v) => v && setParams({ daftar: v })} keepMounted={false}>
        <Tabs.List style={{ overflowX: 'auto', flexWrap: 'nowrap' }}>
          {LISTS.map((l) => (
            <Tabs.Tab key={l.key} value={l.key}>
              {l.tab}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {LISTS.map((l) => (
          <Tabs.Panel key={l.key} value={l.key} pt="md">
            <ListPanel list={l} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Page>
  );
}

function ListPanel({ list }: { list: FollowUpList }) {
  const [filterInput, setFilterInput] = useState('');
  const period = filterValue(list, filterInput);
  const [page, setPage] = useState(0);
  const rows = useQuery({
    queryKey: ['follow-up', list.key, period, page],
    queryFn: () => fetchList(list.key, PAGE_SIZE, page * PAGE_SIZE, period),
    placeholderData: keepPreviousData,
  });
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const download = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      const all = await allPages((limit, offset) => fetchList(list.key, limit, offset, period));
      const csv = toCsv(
        list.columns.map((c) => c.header),
        cellsOf(list, all),
      );
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileNameOf(list, period);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setDownloadError(e);
    } finally {
      setDownloading(false);
    }
  };
  const data = rows.data ?? [];
  return (
    <Stack gap="sm">
      <Group align="flex-end" wrap="wrap" gap="sm">
        {list.filter && (
          <TextInput
            label={list.filter === 'period' ? 'Periode' : 'Tahun'}
            description={list.filter === 'period' ? 'Contoh: 2026-10 atau 2026-Q4; kosong untuk semua' : 'Contoh: 2026; kosong untuk semua'}
            value={filterInput}
            maxLength={7}
            error={
              filterInput.trim() && !period
                ? list.filter === 'period'
                  ? 'Periode ditulis TTTT-BB atau TTTT-Qn.'
                  : 'Tahun ditulis TTTT.'
                : undefined
            }
            onChange={(e) => {
              setFilterInput(e.currentTarget.value);
              setPage(0);
            }}
          />
        )}
        <Button variant="light" onClick={download} loading={downloading} data-testid="csv">
          Unduh CSV
        </Button>
      </Group>
      <ErrorNote error={downloadError} title="CSV tidak dapat dibuat" />
      <ErrorNote error={rows.error} title="Daftar tidak dapat dimuat" />
      {rows.isPending ? (
        <Text size="sm" c="dimmed">
          Memuat…
        </Text>
      ) : data.length === 0 ? (
        <Empty>{page === 0 ? list.empty : 'Tidak ada baris lagi.'}</Empty>
      ) : (
        <ScrollTable label="Tabel daftar tindak lanjut" minWidth={640}>
          <Table striped data-testid={`list-${list.key}`}>
            <Table.Caption>
              {list.tab}, halaman {page + 1}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                {list.columns.map((c) => (
                  <Table.Th key={c.header}>{c.header}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cellsOf(list, data).map((cells, i) => (
                <Table.Tr key={i}>
                  {cells.map((c, j) => (
                    <Table.Td key={j}>{c}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Group gap="xs">
        <Button variant="default" size="xs" disabled={page === 0} onClick={() => setPage((p) => Math.max(0, p - 1))}>
          Sebelumnya
        </Button>
        <Text size="sm">Halaman {page + 1}</Text>
        <Button variant="default" size="xs" disabled={data.length < PAGE_SIZE} onClick={() => setPage((p) => p + 1)}>
          Berikutnya
        </Button>
      </Group>
    </Stack>
  );
}
