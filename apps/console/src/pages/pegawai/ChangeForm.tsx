import { useState } from 'react';
import { Button, Group, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import {
  ChangeBankAccountBody,
  ChangeEmploymentStateBody,
  ChangePositionBody,
  ChangeSalaryBody,
  ChangeTaxCategoryBody,
  TransferOrgUnitBody,
} from '@kinerja/contracts/people';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ErrorNote, fieldError } from '../../components/ErrorNote';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { validate, withoutError, type FieldErrors } from '../../forms';
import { todayInJakarta } from '../../clock';
import { EMPLOYMENT_STATE_LABEL, PTKP_STATUSES, TER_CATEGORIES, type EmployeeRecord, type PositionInfo } from './people';

export type ChangeKind = 'position' | 'org-unit' | 'employment-state' | 'salary' | 'tax-category' | 'bank-account';

export const CHANGE_KINDS: readonly { kind: ChangeKind; label: string }[] = [
  { kind: 'position', label: 'Jabatan' },
  { kind: 'org-unit', label: 'OPD' },
  { kind: 'employment-state', label: 'Kedudukan' },
  { kind: 'salary', label: 'Gaji' },
  { kind: 'tax-category', label: 'Kategori pajak' },
  { kind: 'bank-account', label: 'Rekening' },
];

type Values = Record<string, string>;

/** The form's initial values: the record as it stands, an effective date of today and no reason. */
function initialOf(kind: ChangeKind, r: EmployeeRecord): Values {
  const common = { effectiveDate: todayInJakarta(), reason: '' };
  switch (kind) {
    case 'position':
      return { ...common, positionId: r.positionId, positionGrade: String(r.positionGrade) };
    case 'org-unit':
      return { ...common, orgUnitId: r.orgUnitId };
    case 'employment-state':
      return { ...common, employmentState: r.employmentState };
    case 'salary':
      return { ...common, salaryBase: r.salaryBase ?? '', salaryGross: r.salaryGross ?? '' };
    case 'tax-category':
      return { ...common, terCategory: r.terCategory, ptkpStatus: r.ptkpStatus };
    case 'bank-account':
      return { ...common, bankName: r.bankAccount.bankName, accountNumber: '', accountName: r.bankAccount.accountName };
  }
}

/** The request body as the contract reads it (the grade a number, the account nested, no empty reason). */
function bodyOf(kind: ChangeKind, v: Values): Record<string, unknown> {
  const common = { effectiveDate: v.effectiveDate, ...(v.reason.trim() ? { reason: v.reason.trim() } : {}) };
  switch (kind) {
    case 'position':
      return { ...common, positionId: v.positionId, positionGrade: v.positionGrade === '' ? undefined : Number(v.positionGrade) };
    case 'org-unit':
      return { ...common, orgUnitId: v.orgUnitId };
    case 'employment-state':
      return { ...common, employmentState: v.employmentState };
    case 'salary':
      return { ...common, salaryBase: v.salaryBase.trim(), salaryGross: v.salaryGross.trim() };
    case 'tax-category':
      return { ...common, terCategory: v.terCategory, ptkpStatus: v.ptkpStatus };
    case 'bank-account':
      return {
        ...common,
        bankAccount: { bankName: v.bankName.trim(), accountNumber: v.accountNumber.trim(), accountName: v.accountName.trim() },
      };
  }
}

const SCHEMAS = {
  position: ChangePositionBody,
  'org-unit': TransferOrgUnitBody,
  'employment-state': ChangeEmploymentStateBody,
  salary: ChangeSalaryBody,
  'tax-category': ChangeTaxCategoryBody,
  'bank-account': ChangeBankAccountBody,
} as const;

/** Sends one change of the register; the literal paths keep each body typed by the OpenAPI document. */
function send(kind: ChangeKind, nip: string, body: Record<string, unknown>, key: string) {
  const opts = { params: { path: { nip } }, headers: commandHeaders(key) };
  switch (kind) {
    case 'position':
      return unwrap(api.POST('/api/v1/employees/{nip}/position', { ...opts, body: body as never }));
    case 'org-unit':
      return unwrap(api.POST('/api/v1/employees/{nip}/org-unit', { ...opts, body: body as never }));
    case 'employment-state':
      return unwrap(api.POST('/api/v1/employees/{nip}/employment-state', { ...opts, body: body as never }));
    case 'salary':
      return unwrap(api.POST('/api/v1/employees/{nip}/salary', { ...opts, body: body as never }));
    case 'tax-category':
      return unwrap(api.POST('/api/v1/employees/{nip}/tax-category', { ...opts, body: body as never }));
    case 'bank-account':
      return unwrap(api.POST('/api/v1/employees/{nip}/bank-account', { ...opts, body: body as never }));
  }
}

/**
 * One change of an employee's record (BKPSDM): the new value, the date it takes effect (TMT) and the
 * reason (the SK's number, say). Checked with the contract's zod schema before sending; sent with an
 * Idempotency-Key kept for the intent; the draft survives a reload or an expired sign-in.
 */
export function ChangeForm({
  kind,
  record,
  positions,
  opds,
  onDone,
}: {
  kind: ChangeKind;
  record: EmployeeRecord;
  positions: readonly PositionInfo[];
  opds: readonly { id: string; name: string }[];
  onDone: (effectiveDate: string) => void;
}) {
  const [values, setValues, clear] = useDraft<Values>(`pegawai.${record.nip}.${kind}`, initialOf(kind, record));
  const [errors, setErrors] = useState<FieldErrors>(new Map());
  const command = useCommand((body: Record<string, unknown>, key: string) => send(kind, record.nip, body, key), {
    invalidates: [['employee', record.nip], ['employee-supervisor', record.nip], ['employees'], ['org-chart']],
    onSuccess: (_r, body) => {
      clear();
      onDone(String(body.effectiveDate));
    },
  });
  const set = (field: string, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => withoutError(withoutError(e, field), `bankAccount.${field}`));
  };
  const err = (field: string) => errors.get(field) ?? fieldError(command.error, field);
  const input = (field: string, labelText: string, extra: Record<string, unknown> = {}) => (
    <TextInput
      label={labelText}
      value={values[field] ?? ''}
      onChange={(e) => set(field, e.currentTarget.value)}
      error={err(field) ?? err(`bankAccount.${field}`)}
      {...extra}
    />
  );
  const select = (field: string, labelText: string, data: { value: string; label: string }[]) => (
    <NativeSelect
      label={labelText}
      value={values[field] ?? ''}
      onChange={(e) => set(field, e.currentTarget.value)}
      data={data}
      error={err(field)}
    />
  );
  return (
    <form
      data-testid={`change-${kind}`}
      onSubmit={(e) => {
        e.preventDefault();
        const body = bodyOf(kind, values);
        const r = validate(SCHEMAS[kind], body);
        setErrors(r.errors);
        if (r.ok) command.mutate(body);
      }}
    >
      <Stack gap="sm">
        {kind === 'position' && (
          <>
            <NativeSelect
              label="Jabatan baru"
              value={values.positionId}
              error={err('positionId')}
              data={[
                ...(positions.some((p) => p.positionId === values.positionId)
                  ? []
                  : [{ value: values.positionId, label: values.positionId }]),
                ...positions.map((p) => ({ value: p.positionId, label: `${p.name} — ${p.unit}, ${p.opdName} (${p.positionId})` })),
              ]}
              onChange={(e) => {
                const id = e.currentTarget.value;
                const p = positions.find((x) => x.positionId === id);
                setValues((v) => ({ ...v, positionId: id, positionGrade: p ? String(p.grade) : v.positionGrade }));
                setErrors((x) => withoutError(withoutError(x, 'positionId'), 'positionGrade'));
              }}
            />
            {input('positionGrade', 'Kelas jabatan', { inputMode: 'numeric' })}
          </>
        )}
        {kind === 'org-unit' &&
          select(
            'orgUnitId',
            'OPD baru',
            opds.map((o) => ({ value: o.id, label: `${o.name} (${o.id})` })),
          )}
        {kind === 'employment-state' &&
          select(
            'employmentState',
            'Kedudukan baru',
            [...EMPLOYMENT_STATE_LABEL].map(([value, l]) => ({ value, label: l })),
          )}
        {kind === 'salary' && (
          <>
            {input('salaryBase', 'Gaji dasar BPJS (rupiah, tanpa titik)', { inputMode: 'numeric' })}
            {input('salaryGross', 'Penghasilan bruto sebulan (rupiah, tanpa titik)', { inputMode: 'numeric' })}
          </>
        )}
        {kind === 'tax-category' && (
          <>
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
          </>
        )}
        {kind === 'bank-account' && (
          <>
            {input('bankName', 'Nama bank')}
            {input('accountNumber', 'Nomor rekening', { inputMode: 'numeric' })}
            {input('accountName', 'Nama pemilik rekening')}
          </>
        )}
        {input('effectiveDate', 'Berlaku mulai (TMT)', { type: 'date' })}
        <Textarea
          label="Alasan / dasar (mis. nomor SK)"
          value={values.reason}
          onChange={(e) => set('reason', e.currentTarget.value)}
          error={err('reason')}
          autosize
          minRows={2}
          maxLength={500}
        />
        <ErrorNote error={command.error} title="Perubahan tidak disimpan" />
        <Group>
          <Button type="submit" loading={command.isPending}>
            Simpan perubahan
          </Button>
          <Text size="xs" c="dimmed">
            Catatan lama tidak diubah; perubahan berlaku sejak TMT.
          </Text>
        </Group>
      </Stack>
    </form>
  );
}
