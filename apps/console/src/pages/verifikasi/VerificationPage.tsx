import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Box, Container, Stack, Table, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { formatDate, formatMonth, formatRupiah } from '../../format';
import { messageOf } from '../../i18n/errors';
import { label } from '../../i18n/terms';
import { RUN_STATUS_LABEL } from '../pay/pay';

type Verification = { result: 'VALID' | 'SUPERSEDED' | 'RETURNED' };

/** What each answer means, in words a member of the public reads. */
const RESULT: Record<Verification['result'], { title: string; color: string; text: string }> = {
  VALID: { title: 'Sah', color: 'green', text: 'Rekap TPP ini sesuai dengan perhitungan yang tercatat di kinerja.' },
  SUPERSEDED: {
    title: 'Sudah diganti',
    color: 'orange',
    text: 'Kode ini menunjuk perhitungan lama: daftar TPP tersebut telah dihitung ulang. Rekap yang berlaku adalah yang terbaru.',
  },
  RETURNED: {
    title: 'Dikembalikan',
    color: 'orange',
    text: 'Daftar TPP dengan perhitungan ini dikembalikan untuk diperbaiki dan belum berlaku.',
  },
};

/**
 * The public verification of a rekap TPP (no sign-in): the QR code printed on the rekap opens this
 * page, which says whether the document is the calculation kinerja holds. No personal data is shown:
 * the OPD, month, number of lines, total net, status and the disbursement date.
 */
export function VerificationPage() {
  const { code = '' } = useParams();
  const v = useQuery({
    queryKey: ['verification', code],
    queryFn: () => unwrap(api.GET('/api/v1/public/verification/{code}', { params: { path: { code } } })),
    retry: false,
  });
  const errorCode = v.error instanceof ApiError ? v.error.code : v.error ? 'INTERNAL' : null;
  const meaning = v.data ? RESULT[v.data.result] : null;
  return (
    <Box bg="gray.0" mih="100vh" py="md">
      <Container size={560} px="sm" component="main">
        <Stack gap="md">
          <div>
            <Text size="sm" fw={600} c="blue.8">
              kinerja · Verifikasi dokumen
            </Text>
            <Title order={1} size="h2">
              Verifikasi rekap TPP
            </Title>
          </div>
          {v.isPending && <Text size="sm">Memeriksa…</Text>}
          {errorCode === 'VERIFICATION_NOT_FOUND' && (
            <Alert color="red" variant="light" title="Tidak ditemukan" role="alert" data-result="NOT_FOUND">
              <Text size="sm">{messageOf(errorCode)}</Text>
              <Text size="sm" mt={4}>
                Dokumen dengan kode ini tidak tercatat di kinerja. Jangan gunakan dokumen tersebut sebagai dasar pembayaran.
              </Text>
            </Alert>
          )}
          {errorCode && errorCode !== 'VERIFICATION_NOT_FOUND' && (
            <Alert color="red" variant="light" title="Belum dapat diperiksa" role="alert" data-error-code={errorCode}>
              <Text size="sm">{messageOf(errorCode)}</Text>
            </Alert>
          )}
          {v.data && meaning && (
            <Alert
              color={meaning.color}
              variant="light"
              title={`${meaning.title} — ${v.data.opd.name}, ${formatMonth(v.data.month)}`}
              role="status"
              data-result={v.data.result}
            >
              <Stack gap="sm">
                <Text size="sm">{meaning.text}</Text>
                <Table withRowBorders={false} aria-label="Ringkasan dokumen">
                  <Table.Tbody>
                    <Table.Tr>
                      <Table.Th scope="row">Perangkat daerah</Table.Th>
                      <Table.Td>{v.data.opd.name}</Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th scope="row">Bulan</Table.Th>
                      <Table.Td>{formatMonth(v.data.month)}</Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th scope="row">Jumlah baris</Table.Th>
                      <Table.Td>{v.data.lineCount}</Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th scope="row">Total neto</Table.Th>
                      <Table.Td>{formatRupiah(v.data.totalNet)}</Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th scope="row">Status</Table.Th>
                      <Table.Td>{label(RUN_STATUS_LABEL, v.data.status)}</Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th scope="row">Dicairkan (SP2D)</Table.Th>
                      <Table.Td>{v.data.disbursed ? formatDate(v.data.disbursed.sp2dDate) : 'Belum'}</Table.Td>
                    </Table.Tr>
                  </Table.Tbody>
                </Table>
              </Stack>
            </Alert>
          )}
        </Stack>
      </Container>
    </Box>
  );
}
