import { Group, NativeSelect } from '@mantine/core';

/**
 * The two choices of an OPD's page (Kalibrasi, Dasbor): the OPD, and the period or month. The list of
 * times is kept with the chosen one in it, so an address naming an older one still shows what it names.
 */
export function OpdAndTime(props: {
  opdId: string;
  opdOptions: ReadonlyArray<{ value: string; label: string }>;
  onOpd(opdId: string): void;
  timeLabel: string;
  time: string;
  times: readonly string[];
  formatTime(t: string): string;
  onTime(t: string): void;
}) {
  return (
    <Group align="flex-end" wrap="wrap" gap="sm">
      <NativeSelect
        label="OPD"
        value={props.opdId}
        onChange={(e) => props.onOpd(e.currentTarget.value)}
        data={props.opdOptions.length ? [...props.opdOptions] : [{ value: '', label: 'Tidak ada OPD' }]}
      />
      <NativeSelect
        label={props.timeLabel}
        value={props.time}
        onChange={(e) => props.onTime(e.currentTarget.value)}
        data={[...new Set([props.time, ...props.times])].map((t) => ({ value: t, label: props.formatTime(t) }))}
      />
    </Group>
  );
}
