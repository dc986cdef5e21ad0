import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Group, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client';
import { Empty, Page } from '../../components/Page';
import { todayInJakarta } from '../../clock';
import { formatDate, formatPeriod } from '../../format';
import { BEHAVIOUR_LABEL, label, PREDIKAT_LABEL } from '../../i18n/terms';
import { useSession } from '../../session/hooks';

/** Pelatihan: my training recommendations (from an appraisal below Baik) and the training hours (JP) recorded for the year. */
export function TrainingPage() {
  const nip = useSession()?.claims.nip ?? null;
  const thisYear = Number(todayInJakarta().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const q = useQuery({
    queryKey: ['follow-up', nip, year],
    queryFn: () => unwrap(api.GET('/api/v1/follow-up/employees/{nip}', { params: { path: { nip: nip! }, query: { year: String(year) } } })),
    enabled: !!nip,
  });
  const d = q.data;
  const recommendations = d?.trainingRecommendations ?? [];
  const open = recommendations.filter((r) => !r.closedByTrainingId);
  const trainings = d?.competenceDevelopment.trainings ?? [];
  return (
    <Page
      title="Pelatihan"
      description="Rekomendasi pelatihan dari penilaian kinerja Anda dan jam pelajaran (JP) pengembangan kompetensi yang tercatat."
      loading={!!nip && q.isPending}
      error={q.error}
      actions={
        <NativeSelect
          label="Tahun"
          data={[thisYear, thisYear - 1, thisYear - 2].map(String)}
          value={String(year)}
          onChange={(e) => setYear(Number(e.currentTarget.value))}
        />
      }
    >
      {!nip && <Empty>Halaman ini untuk pegawai; akun Anda tidak terhubung dengan NIP.</Empty>}
      {d && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Card withBorder padding="md" data-testid="training-hours">
            <Title order={2} size="h4">
              Jam pelajaran {d.competenceDevelopment.year}
            </Title>
            <Text size="xl" fw={700} mt="xs">
              {d.competenceDevelopment.hours} JP
            </Text>
            <Text size="xs" c="dimmed" mb="sm">
              Pengembangan kompetensi ASN paling sedikit 20 JP setahun.
            </Text>
            {trainings.length === 0 ? (
              <Empty>Belum ada pelatihan yang tercatat tahun ini.</Empty>
            ) : (
              <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
                {trainings.map((t) => (
                  <li key={t.trainingId}>
                    <Group justify="space-between" wrap="nowrap" align="flex-start">
                      <div style={{ minWidth: 0 }}>
                        <Text size="sm" fw={600}>
                          {t.course}
                        </Text>
                        <Text size="xs" c="dimmed">
                          Selesai {formatDate(t.completedOn)}
                          {t.recommendationId ? ' · menindaklanjuti rekomendasi' : ''}
                        </Text>
                      </div>
                      <Badge variant="light">{t.hours} JP</Badge>
                    </Group>
                  </li>
                ))}
              </Stack>
            )}
          </Card>
          <Card withBorder padding="md" data-testid="training-recommendations">
            <Group justify="space-between">
              <Title order={2} size="h4">
                Rekomendasi pelatihan
              </Title>
              <Badge variant="light" color={open.length ? 'blue' : 'gray'}>
                {open.length} terbuka
              </Badge>
            </Group>
            <Text size="xs" c="dimmed" mb="sm">
              Diberikan bila predikat Butuh Perbaikan atau lebih rendah; ditutup oleh pelatihan yang dicatat untuknya.
            </Text>
            {recommendations.length === 0 ? (
              <Empty>Tidak ada rekomendasi pelatihan untuk Anda.</Empty>
            ) : (
              <Stack gap="sm">
                {recommendations.map((r) => (
                  <Card key={r.recommendationId} withBorder padding="sm">
                    <Group justify="space-between" wrap="wrap" gap={4}>
                      <Text size="sm" fw={600}>
                        {formatPeriod(r.period)}: {label(PREDIKAT_LABEL, r.predikat)}
                      </Text>
                      <Badge color={r.closedByTrainingId ? 'gray' : 'blue'} variant="light">
                        {r.closedByTrainingId ? `Selesai ${formatDate(r.closedOn)}` : 'Terbuka'}
                      </Badge>
                    </Group>
                    <Text size="sm" mt={4}>
                      {r.proposal}
                    </Text>
                    {r.weakestBehaviours.length > 0 && (
                      <Text size="xs" c="dimmed" mt={4}>
                        Perilaku yang perlu dikembangkan: {r.weakestBehaviours.map((b) => label(BEHAVIOUR_LABEL, b)).join(', ')}
                      </Text>
                    )}
                    {r.missedResults.length > 0 && (
                      <Text size="xs" c="dimmed">
                        RHK yang belum tercapai: {r.missedResults.join(', ')}
                      </Text>
                    )}
                  </Card>
                ))}
              </Stack>
            )}
          </Card>
        </SimpleGrid>
      )}
    </Page>
  );
}
