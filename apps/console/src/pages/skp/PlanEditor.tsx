import { Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { emptyIndicator, emptyResult, type IndicatorForm, type PlanForm, type ResultForm } from './plan';

export interface ParentOption {
  value: string;
  label: string;
}

/**
 * The RHK and their IKI as a form: each RHK a card, its IKI stacked on a phone and side by side on a
 * wide screen. `error(path)` gives the message of a field (the client's check first, then the API's).
 */
export function PlanEditor({
  form,
  onChange,
  parents,
  error,
  disabled,
}: {
  form: PlanForm;
  onChange: (f: PlanForm) => void;
  parents: ParentOption[];
  error: (path: string) => string | undefined;
  disabled?: boolean;
}) {
  const setResult = (i: number, r: ResultForm) => onChange({ ...form, results: form.results.map((x, j) => (j === i ? r : x)) });
  const setIndicator = (i: number, k: number, v: IndicatorForm) =>
    setResult(i, { ...form.results[i], indicators: form.results[i].indicators.map((x, j) => (j === k ? v : x)) });
  const number = (v: string | number): number | '' =>
    typeof v === 'number' ? v : v === '' ? '' : Number.isNaN(Number(v)) ? '' : Number(v);
  return (
    <Stack gap="md">
      {form.results.map((r, i) => (
        <Card key={i} withBorder padding="md" data-testid={`rhk-${i}`}>
          <Group justify="space-between" mb="xs" wrap="nowrap">
            <Title order={3} size="h5">
              RHK {i + 1}
            </Title>
            {form.results.length > 1 && (
              <Button
                variant="default"
                size="compact-sm"
                disabled={disabled}
                onClick={() => onChange({ ...form, results: form.results.filter((_, j) => j !== i) })}
              >
                Hapus RHK {i + 1}
              </Button>
            )}
          </Group>
          <Stack gap="sm">
            <Textarea
              label="Rencana hasil kerja (RHK)"
              autosize
              minRows={2}
              value={r.text}
              disabled={disabled}
              error={error(`results.${i}.text`)}
              onChange={(e) => setResult(i, { ...r, text: e.currentTarget.value })}
            />
            <Select
              label="RHK atasan yang diintervensi"
              description="RHK atasan langsung yang didukung oleh RHK ini"
              placeholder={parents.length ? 'Pilih RHK atasan' : 'Belum ada RHK atasan yang disetujui'}
              data={parents}
              value={r.parentResultId || null}
              disabled={disabled}
              clearable
              searchable
              comboboxProps={{ withinPortal: true }}
              error={error(`results.${i}.parentResultId`)}
              onChange={(v) => setResult(i, { ...r, parentResultId: v ?? '' })}
            />
            {r.indicators.map((k, j) => (
              <Card key={j} withBorder padding="sm" bg="gray.0" data-testid={`iki-${i}-${j}`}>
                <Group justify="space-between" mb={4} wrap="nowrap">
                  <Text fw={600} size="sm">
                    IKI {i + 1}.{j + 1}
                  </Text>
                  {r.indicators.length > 1 && (
                    <Button
                      variant="default"
                      size="compact-xs"
                      disabled={disabled}
                      onClick={() => setResult(i, { ...r, indicators: r.indicators.filter((_, x) => x !== j) })}
                    >
                      Hapus IKI {i + 1}.{j + 1}
                    </Button>
                  )}
                </Group>
                <Stack gap="xs">
                  <TextInput
                    label="Indikator kinerja individu (IKI)"
                    value={k.text}
                    disabled={disabled}
                    error={error(`results.${i}.indicators.${j}.text`)}
                    onChange={(e) => setIndicator(i, j, { ...k, text: e.currentTarget.value })}
                  />
                  <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs">
                    <NumberInput
                      label="Target kuantitas"
                      value={k.quantity}
                      min={0}
                      decimalSeparator=","
                      thousandSeparator="."
                      disabled={disabled}
                      error={error(`results.${i}.indicators.${j}.quantity`)}
                      onChange={(v) => setIndicator(i, j, { ...k, quantity: number(v) })}
                    />
                    <TextInput
                      label="Satuan"
                      placeholder="dokumen"
                      value={k.unit}
                      disabled={disabled}
                      error={error(`results.${i}.indicators.${j}.unit`)}
                      onChange={(e) => setIndicator(i, j, { ...k, unit: e.currentTarget.value })}
                    />
                    <NumberInput
                      label="Kualitas (%)"
                      value={k.quality}
                      min={1}
                      max={100}
                      disabled={disabled}
                      error={error(`results.${i}.indicators.${j}.quality`)}
                      onChange={(v) => setIndicator(i, j, { ...k, quality: number(v) })}
                    />
                    <NumberInput
                      label="Waktu (bulan)"
                      value={k.timeMonths}
                      min={1}
                      max={12}
                      allowDecimal={false}
                      disabled={disabled}
                      error={error(`results.${i}.indicators.${j}.timeMonths`)}
                      onChange={(v) => setIndicator(i, j, { ...k, timeMonths: number(v) })}
                    />
                  </SimpleGrid>
                </Stack>
              </Card>
            ))}
            {error(`results.${i}.indicators`) && (
              <Text c="red.9" size="sm">
                {error(`results.${i}.indicators`)}
              </Text>
            )}
            <Group>
              <Button
                variant="light"
                size="compact-sm"
                disabled={disabled || r.indicators.length >= 10}
                onClick={() => setResult(i, { ...r, indicators: [...r.indicators, emptyIndicator()] })}
              >
                Tambah IKI
              </Button>
            </Group>
          </Stack>
        </Card>
      ))}
      <Group>
        <Button
          variant="light"
          disabled={disabled || form.results.length >= 30}
          onClick={() => onChange({ ...form, results: [...form.results, emptyResult()] })}
        >
          Tambah RHK
        </Button>
      </Group>
    </Stack>
  );
}
