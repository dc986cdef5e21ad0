import { Actor, deterministicId, generateNips, Instant } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import { IMPORT_COLUMNS } from '@kinerja/domain/employee';
import { AssignHolder, ORGANISATION_STREAM_ID, OrganisationCommand } from '@kinerja/domain/organisation';
import { Command, CommandBus, Query, QueryBus } from '@nestjs/cqrs';
import { AssignPositionHolder, ChangeOrganisation, ImportEmployees } from './commands';

/**
 * The demo Pemda: three OPDs, each a four-level tree (kepala -> sekretaris/kabid -> kasubag/kasi ->
 * staff), one post filled by a Plt, and a demo user for every role. The same generator scales up
 * for the import benchmark. Everything goes through the command handlers, as `system:demo`.
 */
export const DEMO_ACTOR: Actor = { userId: 'system:demo', roles: ['admin_kepegawaian'] };

export interface DemoUser {
  username: string;
  /** Absent for an account that is not an employee of the Pemda (the inspector). */
  nip?: string;
  roles: string[];
  description: string;
}

export interface PemdaPlan {
  structure: OrganisationCommand[];
  /** The register as a SIASN export (IMPORT.md columns). */
  csv: string;
  acting: AssignHolder;
  users: DemoUser[];
  employees: number;
}

const OPDS = [
  {
    id: 'DINKES',
    name: 'Dinas Kesehatan',
    budget: '1.02.0.00.0.00.01',
    head: 'Kepala Dinas Kesehatan',
    bidang: ['Kesehatan Masyarakat', 'Pelayanan Kesehatan'],
  },
  {
    id: 'BKPSDM',
    name: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
    budget: '5.03.0.00.0.00.01',
    head: 'Kepala BKPSDM',
    bidang: ['Mutasi dan Promosi', 'Pengembangan Kompetensi'],
  },
  {
    id: 'BPKAD',
    name: 'Badan Pengelolaan Keuangan dan Aset Daerah',
    budget: '5.02.0.00.0.00.01',
    head: 'Kepala BPKAD',
    bidang: ['Anggaran', 'Perbendaharaan'],
  },
] as const;

const FIRST = [
  'Siti',
  'Budi',
  'Agus',
  'Dewi',
  'Rina',
  'Ahmad',
  'Sri',
  'Eko',
  'Wahyu',
  'Nur',
  'Indah',
  'Joko',
  'Ratna',
  'Hendra',
  'Fitri',
  'Bambang',
  'Yuni',
  'Dian',
  'Arif',
  'Lestari',
  'Rudi',
  'Ayu',
  'Taufik',
  'Maya',
];
const LAST = [
  'Wulandari',
  'Santoso',
  'Saputra',
  'Hidayat',
  'Pratama',
  'Kurniawan',
  'Rahmawati',
  'Setiawan',
  'Nugroho',
  'Susanti',
  'Purnomo',
  'Hartono',
  'Permatasari',
  'Wibowo',
  'Handayani',
  'Firmansyah',
  'Anggraini',
];
const PTKP = ['K/1', 'K/2', 'TK/0', 'K/0', 'K/3', 'TK/1', 'K/2'];

const EFFECTIVE = '2020-01-01';
const TMT = '2025-01-02';
/** From this day the Sekretaris of Dinkes is also Plt Kabid Pelayanan Kesehatan (a vacant post). */
export const DEMO_ACTING_FROM = '2025-07-01';

interface Slot {
  positionId: string;
  name: string;
  grade: number;
  unitId: string;
  parent: string | null;
  opd: string;
  opdName: string;
  staff: boolean;
}

/** The Pemda as commands and a CSV; deterministic in its arguments. */
export function syntheticPemda(options: { employees?: number; seed?: number } = {}): PemdaPlan {
  const total = options.employees ?? 150;
  const c = <T extends OrganisationCommand = OrganisationCommand>(cmd: Record<string, unknown>) =>
    ({ ...cmd, by: DEMO_ACTOR, now: '' }) as unknown as T;
  const structure: OrganisationCommand[] = [];
  const slots: Slot[] = [];
  for (const o of OPDS) {
    structure.push(
      c({ type: 'CreateOrgUnit', unitId: o.id, name: o.name, parentUnitId: null, budgetCode: o.budget, effectiveDate: EFFECTIVE }),
    );
    const kepala = `${o.id}-KEPALA`;
    const top: Slot = { positionId: kepala, name: o.head, grade: 15, unitId: o.id, parent: null, opd: o.id, opdName: o.name, staff: false };
    slots.push(top);
    const units = [
      {
        id: `${o.id}-SEKRETARIAT`,
        name: 'Sekretariat',
        head: 'Sekretaris',
        pos: `${o.id}-SEKRETARIS`,
        subs: ['Kepala Subbagian Umum dan Kepegawaian', 'Kepala Subbagian Keuangan'],
      },
      ...o.bidang.map((b, i) => ({
        id: `${o.id}-BIDANG${i + 1}`,
        name: `Bidang ${b}`,
        head: `Kepala Bidang ${b}`,
        pos: `${o.id}-KABID${i + 1}`,
        subs: [`Kepala Seksi ${b} I`, `Kepala Seksi ${b} II`],
      })),
    ];
    for (const u of units) {
      structure.push(c({ type: 'CreateOrgUnit', unitId: u.id, name: u.name, parentUnitId: o.id, effectiveDate: EFFECTIVE }));
      slots.push({ positionId: u.pos, name: u.head, grade: 12, unitId: u.id, parent: kepala, opd: o.id, opdName: o.name, staff: false });
      u.subs.forEach((s, i) => {
        const sub = `${u.id}-SUB${i + 1}`;
        slots.push({ positionId: sub, name: s, grade: 9, unitId: u.id, parent: u.pos, opd: o.id, opdName: o.name, staff: false });
        slots.push({
          positionId: `${sub}-STAF`,
          name: i === 0 ? 'Analis' : 'Pengelola',
          grade: 7,
          unitId: u.id,
          parent: sub,
          opd: o.id,
          opdName: o.name,
          staff: true,
        });
      });
    }
  }
  // The one vacant post, exercised by a Plt from DEMO_ACTING_FROM.
  const vacant = 'DINKES-KABID2';
  const leaders = slots.filter((s) => !s.staff && s.positionId !== vacant);
  const staffSlots = slots.filter((s) => s.staff);
  const staffCount = Math.max(staffSlots.length, total - leaders.length);
  const holders: Slot[] = [...leaders];
  for (let i = 0; i < staffCount; i++) holders.push(staffSlots[i % staffSlots.length]);
  const seats = new Map<string, number>();
  for (const h of holders) if (h.staff) seats.set(h.positionId, (seats.get(h.positionId) ?? 0) + 1);
  for (const s of slots)
    structure.push(
      c({
        type: 'CreatePosition',
        positionId: s.positionId,
        unitId: s.unitId,
        name: s.name,
        grade: s.grade,
        parentPositionId: s.parent,
        seats: s.staff ? (seats.get(s.positionId) ?? 1) : 1,
        effectiveDate: EFFECTIVE,
      }),
    );

  const nips = generateNips(holders.length, options.seed ?? 2024);
  const lines = [IMPORT_COLUMNS.join(',')];
  holders.forEach((h, i) => {
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7 + Math.floor(i / FIRST.length)) % LAST.length]}`;
    const pokok = 2_000_000 + h.grade * 150_000 + (i % 10) * 25_000;
    const keluarga = pokok / 10;
    const jabatan = h.staff ? 185_000 : h.grade >= 12 ? 1_260_000 : 540_000;
    const gross = pokok + keluarga + jabatan + 72_000 * 4;
    const row: Record<(typeof IMPORT_COLUMNS)[number], string | number> = {
      NIP: nips[i],
      NAMA: name,
      STATUS_ASN: h.staff && i % 7 === 3 ? 'PPPK' : 'PNS',
      KEDUDUKAN_HUKUM: 'AKTIF',
      JABATAN_ID: h.positionId,
      NAMA_JABATAN: h.name,
      KELAS_JABATAN: h.grade,
      UNOR_ID: h.opd,
      NAMA_UNOR: h.opdName,
      ATASAN_JABATAN_ID: h.parent ?? '',
      GAJI_POKOK: pokok,
      TUNJ_KELUARGA: keluarga,
      TUNJ_JABATAN: jabatan,
      TUNJ_PROFESI: 0,
      GAJI_BRUTO: gross,
      STATUS_PTKP: PTKP[i % PTKP.length],
      KATEGORI_TER: '',
      NAMA_BANK: 'BANK JATENG',
      NO_REKENING: String(3_010_000_000 + i * 7919),
      NAMA_REKENING: name.toUpperCase(),
      TMT,
    };
    lines.push(IMPORT_COLUMNS.map((col) => String(row[col])).join(','));
  });

  const nipOf = (positionId: string, nth = 0) =>
    nips[
      holders.findIndex(
        (h, i) => h.positionId === positionId && holders.slice(0, i).filter((x) => x.positionId === positionId).length === nth,
      )
    ];
  const acting = c<AssignHolder>({
    type: 'AssignHolder',
    assignmentId: 'demo-plt-DINKES-KABID2',
    positionId: vacant,
    nip: nipOf('DINKES-SEKRETARIS'),
    acting: true,
    validFrom: DEMO_ACTING_FROM,
    reason: 'SP Plt 800/123/2025',
  });
  // One supervisor chain of Dinas Kesehatan, bottom to top: pegawai -> kasi.dinkes -> kabid.dinkes ->
  // kepala.dinkes. Each has an approved SKP in the demo (DEMO_PLANS), so a newcomer can cascade,
  // rate, object and decide with these users alone.
  const users: DemoUser[] = [
    {
      username: 'pegawai',
      nip: nipOf('DINKES-BIDANG1-SUB1-STAF'),
      roles: ['pegawai'],
      description: 'analyst of Dinas Kesehatan: drafts an SKP from the kasi’s results, files daily reports, objects to an appraisal',
    },
    {
      username: 'kasi.dinkes',
      nip: nipOf('DINKES-BIDANG1-SUB1'),
      roles: ['pegawai'],
      description: 'Kepala Seksi, pegawai’s supervisor: approves pegawai’s SKP, answers reports, rates pegawai',
    },
    {
      username: 'kabid.dinkes',
      nip: nipOf('DINKES-KABID1'),
      roles: ['pegawai'],
      description: 'Kepala Bidang, kasi.dinkes’s supervisor: approves the kasi’s SKP, decides pegawai’s objection',
    },
    {
      username: 'kepala.dinkes',
      nip: nipOf('DINKES-KEPALA'),
      roles: ['pegawai', 'kepala_opd:DINKES'],
      description: 'head of Dinas Kesehatan: approves the kabid’s SKP, issues the OPD’s appraisals, approves the TPP run',
    },
    {
      username: 'admin.bkpsdm',
      nip: nipOf('BKPSDM-BIDANG1-SUB1-STAF'),
      roles: ['pegawai', 'admin_kepegawaian'],
      description: 'personnel administrator (BKPSDM): the register, the org chart, imports',
    },
    {
      username: 'bendahara.dinkes',
      nip: nipOf('DINKES-SEKRETARIAT-SUB2-STAF'),
      roles: ['pegawai', 'bendahara:DINKES'],
      description: 'treasurer of Dinas Kesehatan: calculates and submits the TPP run',
    },
    {
      username: 'ppk.dinkes',
      nip: nipOf('DINKES-SEKRETARIAT-SUB2'),
      roles: ['pegawai', 'ppk_skpd:DINKES'],
      description: 'finance officer (PPK-SKPD) of Dinas Kesehatan: verifies the TPP run',
    },
    {
      username: 'bpkad',
      nip: nipOf('BPKAD-BIDANG2-SUB1-STAF'),
      roles: ['pegawai', 'bpkad'],
      description: 'disbursement officer of BPKAD: sets budgets, disburses the TPP run',
    },
    {
      username: 'admin.dinkes',
      nip: nipOf('DINKES-SEKRETARIAT-SUB1-STAF'),
      roles: ['pegawai', 'admin_opd:DINKES'],
      description: 'administrator of Dinas Kesehatan: its attendance machines, scan imports, fault days and the monthly attendance summary',
    },
    { username: 'inspektur', roles: ['inspektorat'], description: 'inspector: reads everything, changes nothing' },
  ];
  return { structure, csv: lines.join('\n') + '\n', acting, users, employees: holders.length };
}

let demoPlan: PemdaPlan | undefined;
/** The demo Pemda (150 employees). */
export function demoPemda(): PemdaPlan {
  return (demoPlan ??= syntheticPemda());
}

export const DEMO_USERS: readonly DemoUser[] = demoPemda().users;

/**
 * The demo loads in steps, each idempotent (idempotency keys and deterministic event ids), each
 * marked done by a `DemoStepCompleted` event once it has finished. A load cut off half-way (a
 * crash, "too many clients") leaves some steps unmarked: the next start runs them again, and
 * `/health` names them. Whether the demo is complete is read from these marks, never from
 * "an organisation exists".
 */
export const DEMO_STREAM_ID = 'Demo-pemda';
export const DEMO_STEPS = ['organisation', 'register', 'acting', 'workplans', 'payroll'] as const;
export type DemoStep = (typeof DEMO_STEPS)[number];

/** Marks a step of the demo Pemda done, as `system:demo`; its handler takes the time of the mark from the Clock. */
export class CompleteDemoStep extends Command<void> {
  constructor(readonly step: DemoStep) {
    super();
  }
}

/** How far the demo Pemda is loaded here: what the organisation is, and which steps are marked done. */
export class GetDemoProgress extends Query<{ pemda: 'empty' | 'demo' | 'other'; done: DemoStep[] }> {}

/** What the database holds: nothing yet, the demo Pemda (its first event is the demo's), or a real organisation. */
export async function demoPemdaState(store: EventStore): Promise<'empty' | 'demo' | 'other'> {
  const first = (await store.readStream(ORGANISATION_STREAM_ID, { to: 0 }))[0];
  if (!first) return 'empty';
  return first.metadata?.actor === DEMO_ACTOR.userId ? 'demo' : 'other';
}

export async function completedDemoSteps(store: EventStore): Promise<Set<DemoStep>> {
  const done = new Set<DemoStep>();
  for (const e of await store.readStream(DEMO_STREAM_ID)) if (e.type === 'DemoStepCompleted') done.add((e.data as { step: DemoStep }).step);
  return done;
}

/** Marks `step` done (the mark's id is the step's: marking twice appends once). */
export async function markDemoStep(store: EventStore, step: DemoStep, now: Instant): Promise<void> {
  await store.append(
    DEMO_STREAM_ID,
    [
      {
        id: deterministicId('kinerja.demo', step),
        type: 'DemoStepCompleted',
        data: { step, at: now },
        metadata: { actor: DEMO_ACTOR.userId, reason: 'demo Pemda' },
      },
    ],
    { expectedVersion: 'any' },
  );
}

/** The buses the demo is loaded through: the same commands the API and the CLI send. */
export interface DemoBuses {
  commands: CommandBus;
  queries: QueryBus;
}

/** Runs `step` unless it is marked done, then marks it. */
export async function runDemoStep(app: DemoBuses, step: DemoStep, run: () => Promise<void>): Promise<boolean> {
  if ((await app.queries.execute(new GetDemoProgress())).done.includes(step)) return false;
  await run();
  await app.commands.execute(new CompleteDemoStep(step));
  return true;
}

/**
 * Loads (or completes) the people of the demo Pemda: the org structure, the register, the Plt.
 * Does nothing into a real organisation. A second run, or a second process starting at the same
 * time, appends nothing twice; a run after an interrupted one completes it.
 */
export async function loadDemo(app: DemoBuses, opts: { onProgress?: (done: number, total: number) => void } = {}) {
  if ((await app.queries.execute(new GetDemoProgress())).pemda === 'other')
    return { loaded: false as const, reason: 'the organisation already has a history (not the demo Pemda)' };
  const plan = demoPemda();
  const ran = [
    await runDemoStep(app, 'organisation', async () => {
      let i = 0;
      // The plan's `now` is a placeholder: the handler stamps each command from the Clock.
      for (const cmd of plan.structure as Array<Exclude<OrganisationCommand, AssignHolder>>)
        await app.commands.execute(new ChangeOrganisation(cmd, cmd.by, { idempotencyKey: `demo-${i++}`, reason: 'demo Pemda' }));
    }),
    // The rows an interrupted run already registered and placed are done, not errors (as in any import).
    await runDemoStep(app, 'register', async () => {
      await app.commands.execute(
        new ImportEmployees({ csv: plan.csv, dryRun: false, reason: 'demo Pemda' }, DEMO_ACTOR, { onProgress: opts.onProgress }),
      );
    }),
    await runDemoStep(app, 'acting', async () => {
      await app.commands.execute(
        new AssignPositionHolder(plan.acting, plan.acting.by, { idempotencyKey: 'demo-acting', reason: plan.acting.reason }),
      );
    }),
  ];
  if (!ran.some(Boolean)) return { loaded: false as const, reason: 'the demo Pemda is loaded' };
  return { loaded: true as const, employees: plan.employees, users: plan.users };
}
