import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Group, List, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client';
import { saveBlob } from '../../api/download';
import { ErrorNote } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatDate, formatMonth, formatRupiah } from '../../format';
import { label } from '../../i18n/terms';
import { useSession } from '../../session/hooks';
import { AMOUNT_LABEL, DEDUCTIONS, defaultSlipMonth, LINE_KIND_LABEL, recentMonths, RUN_STATUS_LABEL } from './pay';

/**
 * Slip TPP: the signed-in employee's own pay for a month, line by line, and why each amount is what
 * it is. Only the person's own NIP (from the session, never from the address): pay is private, a
 * supervisor never sees it (the API refuses with PAY_IS_PRIVATE).
 */
export function PaySlipPage() {
  const nip = useSession()?.claims.nip ?? null;
  const today = todayInJakarta();
  const [month, setMonth] = useState(defaultSlipMonth(today));
  const pay = useQuery({
    queryKey: ['pay', nip, month],
    queryFn: () => unwrap(api.GET('/api/v1/employees/{nip}/pay/{month}', { params: { path: { nip: nip!, month } } })),
    enabled: !!nip,
  });
  const hasLines = (pay.data?.lines.length ?? 0) > 0;
  const explain = useQuery({
    queryKey: ['pay-explain', nip, month],
    queryFn: () => unwrap(api.GET('/api/v1/employees/{nip}/pay/{month}/explain', { params: { path: { nip: nip!, month } } })),
    enabled: !!nip && hasLines,
  });
  const explained = new Map((explain.data?.lines ?? []).map((l) => [l.lineKey, l]));
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  /** The slip as a PDF (the same lines and explanation), fetched with the bearer token and saved from a Blob. */
  const download = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      const blob = await unwrap(
        api.GET('/api/v1/employees/{nip}/pay/{month}/slip.pdf', { params: { path: { nip: nip!, month } }, parseAs: 'blob' }),
      );
      saveBlob(blob as Blob, `slip-tpp-${nip}-${month}.pdf`);
    } catch (e) {
      setDownloadError(e);
    } finally {
      setDownloading(false);
    }
  };
  return (
    <Page
      title="Slip TPP"
      description="Tambahan penghasilan pegawai (TPP) Anda per bulan, dengan penjelasan setiap angkanya. Hanya Anda dan petugas keuangan OPD yang dapat melihatnya."
      loading={!!nip && pay.isPending}
      error={pay.error}
      actions={
        <NativeSelect
          label="Bulan"
          data={recentMonths(today).map((m) => ({ value: m, label: formatMonth(m) }))}
          value={month}
          onChange={(e) => setMonth(e.currentTarget.value)}
        />
      }
    >
      {!nip && <Empty>Halaman ini untuk pegawai; akun Anda tidak terhubung dengan NIP.</Empty>}
      {pay.data && !hasLines && <Empty>Belum ada slip TPP untuk {formatMonth(month)}.</Empty>}
      {pay.data && hasLines && (
        <Stack gap="md">
          <Card withBorder padding="md" data-testid="slip-total">
            <Text size="sm" c="dimmed">
              TPP diterima {formatMonth(month)}
            </Text>
            <Text size="xl" fw={700}>
              {formatRupiah(pay.data.net)}
            </Text>
            <Button mt="sm" variant="default" loading={downloading} onClick={() => void download()}>
              Unduh slip (PDF)
            </Button>
            <ErrorNote error={downloadError} title="Slip tidak dapat diunduh" />
          </Card>
          {pay.data.lines.map((l) => {
            const e = explained.get(l.lineKey);
            return (
              <Card key={l.lineKey} withBorder padding="md" data-testid="slip-line">
                <Group justify="space-between" wrap="wrap" gap="xs" mb="xs">
                  <Title order={2} size="h4">
                    {label(LINE_KIND_LABEL, l.kind)}
                    {l.adjustsMonth ? ` untuk ${formatMonth(l.adjustsMonth)}` : ''}
                  </Title>
                  {e && <Badge variant="light">{label(RUN_STATUS_LABEL, e.runStatus)}</Badge>}
                </Group>
                <Table.ScrollContainer minWidth={280}>
                  <Table striped withRowBorders={false} aria-label={`Rincian ${label(LINE_KIND_LABEL, l.kind)}`}>
                    <Table.Tbody>
                      {AMOUNT_LABEL.filter(([k]) => l.amounts[k] !== undefined).map(([k, name]) => (
                        <Table.Tr key={k} fw={k === 'net' ? 700 : undefined}>
                          <Table.Th scope="row" fw={k === 'net' ? 700 : 400}>
                            {name}
                          </Table.Th>
                          <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                            {DEDUCTIONS.has(k) && l.amounts[k] !== '0' ? '− ' : ''}
                            {formatRupiah(l.amounts[k])}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <Title order={3} size="h5" mt="md">
                  Mengapa sebesar ini
                </Title>
                <ErrorNote error={explain.error} title="Penjelasan tidak dapat dimuat" />
                {explain.isPending && <Text size="sm">Memuat penjelasan…</Text>}
                {e && (
                  <Stack gap={4} mt={4} data-testid="slip-explanation">
                    <Text size="xs" c="dimmed">
                      Dihitung ulang dari data yang tercatat menurut kebijakan {e.policyVersion}
                      {e.recomputedMatches === false ? ' — hasil hitung ulang berbeda, hubungi bendahara OPD' : ''}. Rincian langkah dari
                      mesin penghitung (dalam bahasa Inggris):
                    </Text>
                    <List size="sm" spacing={4} lang="en" type="ordered" styles={{ item: { wordBreak: 'break-word' } }}>
                      {e.steps.map((s, i) => (
                        <List.Item key={i}>{s.replace(/^\d+\.\s*/, '')}</List.Item>
                      ))}
                    </List>
                  </Stack>
                )}
              </Card>
            );
          })}
          {pay.data.lines.some((l) => 'sp2d' in l && l.sp2d) && (
            <Text size="xs" c="dimmed">
              Dibayarkan dengan SP2D{' '}
              {pay.data.lines
                .map((l) => (l as { sp2d?: { number: string; date: string } | null }).sp2d)
                .filter((s): s is { number: string; date: string } => !!s)
                .map((s) => `${s.number} (${formatDate(s.date)})`)
                .join(', ')}
              .
            </Text>
          )}
        </Stack>
      )}
    </Page>
  );
}
