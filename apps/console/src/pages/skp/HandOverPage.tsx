import { useState } from 'react';
import type { z } from 'zod';
import type { ResultTemplateBody } from '@kinerja/contracts/planning';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { ErrorNote, fieldError } from '../../components/ErrorNote';
import { Empty, Page } from '../../components/Page';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { useMe } from '../../session/hooks';
import { AA_ERROR_COLOR, checkTemplate, targetKey, type NumberInput as Num, type TemplateForm } from './plan';
import { workPlanQuery } from './queries';
import { thisYear } from './WorkPlanPage';

type TemplateBody = z.output<typeof ResultTemplateBody>;

const shortId = (prefix: string) => `${prefix}-${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
const newIndicator = () => ({ indicatorId: shortId('IKI'), text: '', unit: '', quality: 100 as Num, timeMonths: 12 as Num });
const newTemplate = (): TemplateForm => ({
  resultId: shortId('RHK'),
  text: '',
  parentResultId: '',
  indicators: [newIndicator()],
  assignees: [],
  targets: {},
});
const number = (v: string | number): Num => (typeof v === 'number' ? v : v === '' || Number.isNaN(Number(v)) ? '' : Number(v));

/** /skp/bagikan — one of my RHK handed, with its IKI, to many subordinates' draft SKP at once (targets per person). */
export function HandOverPage() {
  const me = useMe();
  const year = thisYear();
  const nip = me.data?.nip ?? '';
  const plan = useQuery(workPlanQuery(nip, year));
  const [form, setForm] = useDraft<TemplateForm>(`skp.bagikan.${year}`, newTemplate());
  const [checked, setChecked] = useState<ReadonlyMap<string, string>>(new Map());
  const [actionError, setActionError] = useState<unknown>(null);
  const send = useCommand(
    (body: TemplateBody, key: string) =>
      unwrap(
        api.POST('/api/v1/workplans/{nip}/{year}/result-templates', {
          params: { path: { nip, year: String(year) } },
          body,
          headers: commandHeaders(key),
        }),
      ),
    { invalidates: [['workplan'], ['cascade'], ['inbox']], onSuccess: () => setForm(newTemplate()) },
  );
  const team = me.data?.team ?? [];
  const versions = plan.data?.versions ?? [];
  const mine = versions.find((v) => v.version === plan.data?.inForce) ?? versions[versions.length - 1];
  const options = (mine?.results ?? []).map((r) => ({ value: r.resultId, label: r.text }));
  const apiError = actionError ?? send.error;
  const error = (p: string) => checked.get(p) ?? fieldError(apiError, p);
  const setIndicator = (j: number, v: Partial<TemplateForm['indicators'][number]>) =>
    setForm({ ...form, indicators: form.indicators.map((k, x) => (x === j ? { ...k, ...v } : k)) });
  const onSend = () => {
    send.reset();
    setActionError(null);
    const c = checkTemplate(form);
    if (!c.ok) {
      setChecked(c.errors);
      setActionError(new ApiError(400, c.errors.has('assignees') ? 'NO_ASSIGNEES' : 'VALIDATION_FAILED', 'checked in the browser', {}));
      return;
    }
    setChecked(new Map());
    send.mutate(c.body);
  };
  return (
    <Page
      title="Bagikan RHK ke bawahan"
      description={`Satu RHK dengan IKI-nya masuk ke draf SKP ${year} beberapa bawahan sekaligus; target kuantitas diisi per orang.`}
      loading={me.isPending || (!!nip && plan.isPending)}
      error={me.error ?? plan.error}
    >
      {team.length === 0 && !me.isPending && <Empty>Anda tidak memiliki bawahan langsung saat ini.</Empty>}
      {team.length > 0 && (
        <Stack gap="md" style={AA_ERROR_COLOR}>
          {options.length === 0 && (
            <Alert color="gray" variant="light" title="SKP Anda belum memiliki RHK">
              Buat SKP Anda terlebih dahulu di{' '}
              <Anchor component={Link} to="/skp">
                SKP saya
              </Anchor>
              .
            </Alert>
          )}
          <Card withBorder padding="md">
            <Stack gap="sm">
              <Title order={2} size="h4">
                RHK yang dibagikan
              </Title>
              <Select
                label="RHK saya yang diintervensi"
                placeholder="Pilih RHK Anda"
                data={options}
                value={form.parentResultId || null}
                searchable
                error={error('template.parentResultId')}
                onChange={(v) => setForm({ ...form, parentResultId: v ?? '' })}
              />
              <Textarea
                label="Rencana hasil kerja (RHK) bawahan"
                autosize
                minRows={2}
                value={form.text}
                error={error('template.text')}
                onChange={(e) => setForm({ ...form, text: e.currentTarget.value })}
              />
              {form.indicators.map((k, j) => (
                <Card key={k.indicatorId} withBorder padding="sm" bg="gray.0">
                  <Group justify="space-between" wrap="nowrap">
                    <Text fw={600} size="sm">
                      IKI {j + 1}
                    </Text>
                    {form.indicators.length > 1 && (
                      <Button
                        variant="default"
                        size="compact-xs"
                        onClick={() => setForm({ ...form, indicators: form.indicators.filter((_, x) => x !== j) })}
                      >
                        Hapus IKI {j + 1}
                      </Button>
                    )}
                  </Group>
                  <TextInput
                    label="Indikator kinerja individu (IKI)"
                    value={k.text}
                    error={error(`template.indicators.${j}.text`)}
                    onChange={(e) => setIndicator(j, { text: e.currentTarget.value })}
                  />
                  <SimpleGrid cols={{ base: 2, md: 3 }} spacing="xs">
                    <TextInput
                      label="Satuan"
                      value={k.unit}
                      error={error(`template.indicators.${j}.unit`)}
                      onChange={(e) => setIndicator(j, { unit: e.currentTarget.value })}
                    />
                    <NumberInput
                      label="Kualitas (%)"
                      value={k.quality}
                      min={1}
                      max={100}
                      error={error(`template.indicators.${j}.quality`)}
                      onChange={(v) => setIndicator(j, { quality: number(v) })}
                    />
                    <NumberInput
                      label="Waktu (bulan)"
                      value={k.timeMonths}
                      min={1}
                      max={12}
                      allowDecimal={false}
                      error={error(`template.indicators.${j}.timeMonths`)}
                      onChange={(v) => setIndicator(j, { timeMonths: number(v) })}
                    />
                  </SimpleGrid>
                </Card>
              ))}
              <Group>
                <Button
                  variant="light"
                  size="compact-sm"
                  disabled={form.indicators.length >= 10}
                  onClick={() => setForm({ ...form, indicators: [...form.indicators, newIndicator()] })}
                >
                  Tambah IKI
                </Button>
              </Group>
            </Stack>
          </Card>
          <Card withBorder padding="md">
            <Stack gap="sm">
              <Title order={2} size="h4">
                Bawahan dan target kuantitas
              </Title>
              {error('assignees') && (
                <Text c="red.9" size="sm">
                  {error('assignees')}
                </Text>
              )}
              {team.map((t) => {
                const i = form.assignees.indexOf(t.nip);
                const on = i >= 0;
                return (
                  <Card key={t.nip} withBorder padding="xs">
                    <Checkbox
                      label={`${t.name ?? t.nip} (NIP ${t.nip})`}
                      checked={on}
                      onChange={(e) =>
                        setForm({
                          ...form,
                          assignees: e.currentTarget.checked ? [...form.assignees, t.nip] : form.assignees.filter((n) => n !== t.nip),
                        })
                      }
                    />
                    {on && (
                      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
                        {form.indicators.map((k, j) => (
                          <NumberInput
                            key={k.indicatorId}
                            label={`Target IKI ${j + 1}${k.unit ? ` (${k.unit})` : ''} untuk ${t.name ?? t.nip}`}
                            value={form.targets[targetKey(t.nip, k.indicatorId)] ?? ''}
                            min={0}
                            error={error(`assignees.${i}.targets.${j}.quantity`)}
                            onChange={(v) =>
                              setForm({ ...form, targets: { ...form.targets, [targetKey(t.nip, k.indicatorId)]: number(v) } })
                            }
                          />
                        ))}
                      </SimpleGrid>
                    )}
                  </Card>
                );
              })}
            </Stack>
          </Card>
          <Stack gap="xs">
            <ErrorNote error={apiError} />
            <Group>
              <Button onClick={onSend} loading={send.isPending}>
                Bagikan RHK
              </Button>
            </Group>
            {send.data && (
              <Text role="status" c="teal.9" size="sm">
                RHK dibagikan ke {send.data.plans.length} draf SKP bawahan.
              </Text>
            )}
          </Stack>
        </Stack>
      )}
    </Page>
  );
}
