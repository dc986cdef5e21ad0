import { generateNips } from '@kinerja/kernel';
import { ATTENDANCE_CODES, type AttendanceCode } from '@kinerja/policies';
import type { AttendanceRecapInput } from './attendance-recap';
import type { RekapInput, RekapLine } from './rekap';
import { verificationCode, verificationUrl } from './verification';

// Constructed documents of the real shape, for the specs and `npm run bench -- documents`.

const FIRST = ['Siti', 'Budi', 'Citra', 'Dewi', 'Eko', 'Fajar', 'Gita', 'Hadi', 'Indah', 'Joko', 'Kartika', 'Lukman'];
const LAST = ['Rahayu', 'Santoso', 'Wibowo', 'Lestari', 'Saputra', 'Nugroho', 'Kusuma', 'Hidayat', 'Pratama', 'Wulandari'];
const POSITIONS = ['Analis Kebijakan', 'Pengelola Keuangan', 'Perawat Ahli Muda', 'Kepala Seksi', 'Pranata Komputer', 'Bidan Terampil'];

/** A rekap of `n` employees: each a TPP line, every 50th also an adjustment. */
export function sampleRekap(n: number, seed = 16): RekapInput {
  const nips = generateNips(n, seed);
  const lines: RekapLine[] = [];
  nips.forEach((nip, i) => {
    const grade = 5 + (i % 10);
    const perf = 1_000_000 + grade * 150_000 + (i % 7) * 1000;
    const disc = Math.floor(perf * 0.66);
    const cut = i % 13 === 0 ? 50_000 : 0;
    const gross = perf + disc - cut;
    const health = Math.floor(gross / 100);
    const tax = Math.floor(gross * 0.02);
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
    const position = POSITIONS[i % POSITIONS.length];
    const amounts = (p: number, d: number, c: number, g: number, h: number, t: number) => ({
      performancePart: String(p),
      disciplinePart: String(d),
      sanctionCut: String(c),
      gross: String(g),
      healthContribution: String(h),
      incomeTax: String(t),
      net: String(g - h - t),
    });
    lines.push({
      nip,
      name,
      lineKey: 'TPP',
      kind: 'TPP',
      position,
      positionGrade: grade,
      adjustsMonth: null,
      amounts: amounts(perf, disc, cut, gross, health, tax),
    });
    if (i % 50 === 49)
      lines.push({
        nip,
        name,
        lineKey: `ADJ-KEB-${i}`,
        kind: 'ADJUSTMENT',
        position,
        positionGrade: null,
        adjustsMonth: '2026-02',
        amounts: amounts(-100_000, 0, 0, -100_000, -1000, -2000),
      });
  });
  const sum = (k: 'gross' | 'net') => String(lines.reduce((s, l) => s + Number(l.amounts[k]), 0));
  const runId = 'DINKES:2026-03';
  const digest = 'ab'.repeat(32);
  const code = verificationCode('bench-secret', runId, digest);
  return {
    pemda: 'Pemerintah Kabupaten Contoh',
    opd: { id: 'DINKES', name: 'Dinas Kesehatan' },
    month: '2026-03',
    runId,
    status: 'DISBURSED',
    calculation: 1,
    policy: { version: 'perkada-contoh-1-2026', title: 'Perkada Contoh No. 1 Tahun 2026' },
    digest,
    totals: { lineCount: lines.length, totalGross: sum('gross'), totalNet: sum('net') },
    lines,
    signatures: [
      { step: 'Submit', name: 'Rina Bendahara', nip: '198001012005012001', role: 'bendahara', at: '2026-03-25T09:00:00+07:00' },
      { step: 'Verify', name: 'Agus PPK', nip: '197901012004011002', role: 'ppk_skpd', at: '2026-03-26T10:00:00+07:00' },
      { step: 'Approve', name: 'dr. Hendra Kepala', nip: '197001012000011003', role: 'kepala_opd', at: '2026-03-27T11:00:00+07:00' },
      {
        step: 'Disburse',
        name: 'Wati BPKAD',
        nip: '198201012006012004',
        role: 'bpkad',
        at: '2026-03-30T08:00:00+07:00',
        sp2d: { number: 'SP2D-0042/2026', date: '2026-03-30' },
      },
    ],
    verification: { code, url: verificationUrl('https://kinerja.contoh.go.id', code) },
    printedAt: '2026-03-31T08:00:00+07:00',
  };
}

/** An attendance recap of `n` employees. */
export function sampleAttendanceRecap(n: number, seed = 17): AttendanceRecapInput {
  return {
    pemda: 'Pemerintah Kabupaten Contoh',
    opd: { id: 'DINKES', name: 'Dinas Kesehatan' },
    month: '2026-03',
    policyVersion: 'perkada-contoh-1-2026',
    printedAt: '2026-04-01T08:00:00+07:00',
    employees: generateNips(n, seed).map((nip, i) => ({
      nip,
      name: `${FIRST[i % FIRST.length]} ${LAST[(i * 3) % LAST.length]}`,
      position: POSITIONS[i % POSITIONS.length],
      workingDays: 21,
      presentDays: 21 - (i % 3) - (i % 5 === 0 ? 1 : 0),
      excusedDays: i % 3,
      counts: Object.fromEntries(ATTENDANCE_CODES.map((c, k) => [c, (i + k) % 4 === 0 ? 1 + (k % 2) : 0])) as Record<
        AttendanceCode,
        number
      >,
    })),
  };
}
