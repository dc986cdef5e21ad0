import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Anchor, Button, Card, Checkbox, NativeSelect, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { RegisterEmployeeBody } from '@kinerja/contracts/people';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ErrorNote, fieldError } from '../../components/ErrorNote';
import { Page } from '../../components/Page';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { validate, withoutError, type FieldErrors } from '../../forms';
import { todayInJakarta } from '../../clock';
import { EMPLOYMENT_STATE_LABEL, positionIndex, PTKP_STATUSES, TER_CATEGORIES } from './people';
import { isDate, useOrgChart } from './queries';

const EMPTY = {
  nip: '',
  name: '',
  asnStatus: 'PNS',
  employmentState: 'ACTIVE',
  positionId: '',
  positionGrade: '',
  orgUnitId: '',
  salaryBase: '',
  salaryGross: '',
  terCategory: 'A',
  ptkpStatus: 'TK/0',
  bankName: '',
  accountNumber: '',
  accountName: '',
  effectiveDate: '',
  reason: '',
};
type Values = typeof EMPTY;

function bodyOf(v: Values) {
  return {
    nip: v.nip.trim(),
    name: v.name.trim(),
    asnStatus: v.asnStatus,
    employmentState: v.employmentState,
    positionId: v.positionId,
    positionGrade: v.positionGrade === '' ? undefined : Number(v.positionGrade),
    orgUnitId: v.orgUnitId,
    salaryBase: v.salaryBase.trim(),
    salaryGross: v.salaryGross.trim(),
    terCategory: v.terCategory,
    ptkpStatus: v.ptkpStatus,
    bankAccount: { bankName: v.bankName.trim(), accountNumber: v.accountNumber.trim(), accountName: v.accountName.trim() },
    effectiveDate: v.effectiveDate,
    ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
  };
}

/**
 * Daftarkan pegawai (BKPSDM): one new employee in the register (POST /api/v1/employees), the position
 * chosen from the org chart on the effective date (its kelas jabatan and OPD filled from it), checked
 * with the contract before sending; the draft is kept until it is registered.
 */
export function RegisterPage() {
  const navigate = useNavigate();
  const [values, setValues, clear] = useDraft<Values>('pegawai.baru', { ...EMPTY, effectiveDate: todayInJakarta() });
  const [errors, setErrors] = useState<FieldErrors>(new Map());
  const chart = useOrgChart(isDate(values.effectiveDate) ? values.effectiveDate : todayInJakarta());
  const positions = [...positionIndex(chart.data?.opds ?? []).values()];
  // Placing the person in the position (the org chart's holder) is a second command of its own.
  const [place, setPlace] = useState(true);
  const [registered, setRegistered] = useState<string | null>(null);
  const done = (nip: string) => {
    clear();
    void navigate(`/pegawai/${nip}`);
  };
  const assign = useCommand(
    (a: { positionId: string; nip: string; validFrom: string; reason?: string }, key: string) =>
      unwrap(api.POST('/api/v1/assignments', { body: a, headers: commandHeaders(key) })),
    { invalidates: [['org-chart'], ['employee']], onSuccess: (_r, a) => done(a.nip) },
  );
  const placement = (body: ReturnType<typeof bodyOf>) => ({
    positionId: body.positionId,
    nip: body.nip,
    validFrom: body.effectiveDate,
    ...(body.reason ? { reason: body.reason } : {}),
  });
  const command = useCommand(
    (body: ReturnType<typeof bodyOf>, key: string) =>
      unwrap(api.POST('/api/v1/employees', { body: body as never, headers: commandHeaders(key) })),
    {
      invalidates: [['employees']],
      onSuccess: (_r, body) => {
        setRegistered(body.nip);
        if (place) assign.mutate(placement(body));
        else done(body.nip);
      },
    },
  );
  const set = (field: keyof Values, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => withoutError(withoutError(e, field), `bankAccount.${field}`));
  };
  const err = (field: string) => errors.get(field) ?? fieldError(command.error, field);
  const text = (field: keyof Values, label: string, extra: Record<string, unknown> = {}) => (
    <TextInput
      label={label}
      value={values[field]}
      onChange={(e) => set(field, e.currentTarget.value)}
      error={err(field) ?? err(`bankAccount.${field}`)}
      {...extra}
    />
  );
  const select = (field: keyof Values, label: string, data: { value: string; label: string }[]) => (
    <NativeSelect label={label} value={values[field]} onChange={(e) => set(field, e.currentTarget.value)} data={data} error={err(field)} />
  );
  return (
    <Page title="Daftarkan pegawai" description="Catat pegawai baru di data kepegawaian. Semua isian wajib, kecuali alasan.">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const body = bodyOf(values);
          const r = validate(RegisterEmployeeBody, body);
          setErrors(r.errors);
          if (!r.ok) return;
          // Registered already (the placement was refused): only the placement is sent again.
          if (registered === body.nip) assign.mutate(placement(body));
          else command.mutate(body);
        }}
      >
        <Stack gap="md">
          <Card withBorder padding="md">
            <Title order={2} size="h4" mb="sm">
              Identitas
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {text('nip', 'NIP (18 angka)', { inputMode: 'numeric', maxLength: 18 })}
              {text('name', 'Nama lengkap dengan gelar', { maxLength: 200 })}
              {select('asnStatus', 'Status ASN', [
                { value: 'PNS', label: 'PNS' },
                { value: 'PPPK', label: 'PPPK' },
              ])}
              {select(
                'employmentState',
                'Kedudukan',
                [...EMPLOYMENT_STATE_LABEL].filter(([v]) => v !== 'RETIRED').map(([value, label]) => ({ value, label })),
              )}
            </SimpleGrid>
          </Card>
          <Card withBorder padding="md">
            <Title order={2} size="h4" mb="sm">
              Jabatan
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {text('effectiveDate', 'Berlaku mulai (TMT)', { type: 'date' })}
              <NativeSelect
                label="Jabatan"
                value={values.positionId}
                error={err('positionId')}
                data={[
                  { value: '', label: 'Pilih jabatan…' },
                  ...positions.map((p) => ({ value: p.positionId, label: `${p.name} — ${p.unit}, ${p.opdName} (${p.positionId})` })),
                ]}
                onChange={(e) => {
                  const id = e.currentTarget.value;
                  const p = positions.find((x) => x.positionId === id);
                  setValues((v) => ({
                    ...v,
                    positionId: id,
                    positionGrade: p ? String(p.grade) : v.positionGrade,
                    orgUnitId: p ? p.opdId : v.orgUnitId,
                  }));
                  setErrors((x) => withoutError(withoutError(withoutError(x, 'positionId'), 'positionGrade'), 'orgUnitId'));
                }}
              />
              {text('positionGrade', 'Kelas jabatan', { inputMode: 'numeric' })}
              {select('orgUnitId', 'OPD (pembayar TPP)', [
                { value: '', label: 'Pilih OPD…' },
                ...(chart.data?.opds ?? []).map((o) => ({ value: o.unitId, label: `${o.name} (${o.unitId})` })),
              ])}
            </SimpleGrid>
          </Card>
          <Card withBorder padding="md">
            <Title order={2} size="h4" mb="sm">
              Gaji, pajak dan rekening
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {text('salaryBase', 'Gaji dasar BPJS (rupiah, tanpa titik)', { inputMode: 'numeric' })}
              {text('salaryGross', 'Penghasilan bruto sebulan (rupiah, tanpa titik)', { inputMode: 'numeric' })}
              {select(
                'ptkpStatus',
                'Status PTKP',
                PTKP_STATUSES.map((s) => ({ value: s, label: s })),
              )}
              {select(
                'terCategory',
                'Kategori TER',
                TER_CATEGORIES.map((s) => ({ value: s, label: s })),
              )}
              {text('bankName', 'Nama bank')}
              {text('accountNumber', 'Nomor rekening', { inputMode: 'numeric' })}
              {text('accountName', 'Nama pemilik rekening')}
            </SimpleGrid>
          </Card>
          <Textarea
            label="Alasan / dasar (mis. nomor SK)"
            value={values.reason}
            onChange={(e) => set('reason', e.currentTarget.value)}
            error={err('reason')}
            maxLength={500}
          />
          <Checkbox
            label="Tempatkan juga sebagai pemangku jabatan itu sejak TMT (struktur organisasi)"
            checked={place}
            onChange={(e) => setPlace(e.currentTarget.checked)}
            disabled={registered !== null}
          />
          <ErrorNote error={command.error} title="Pegawai tidak terdaftar" />
          {registered && assign.error ? (
            <Stack gap={4} data-testid="placement-refused">
              <ErrorNote error={assign.error} title="Pegawai sudah terdaftar, tetapi belum ditempatkan di jabatan" />
              <Text size="sm">
                Pilih jabatan lain lalu tekan tombol di bawah, atau{' '}
                <Anchor component={Link} to={`/pegawai/${registered}`}>
                  buka catatan pegawai
                </Anchor>{' '}
                tanpa menempatkan.
              </Text>
            </Stack>
          ) : null}
          {errors.size > 0 && (
            <Text size="sm" c="red.9" role="alert">
              Periksa isian yang ditandai.
            </Text>
          )}
          <Button type="submit" loading={command.isPending || assign.isPending} style={{ alignSelf: 'flex-start' }}>
            {registered ? 'Tempatkan di jabatan' : 'Daftarkan pegawai'}
          </Button>
        </Stack>
      </form>
    </Page>
  );
}
