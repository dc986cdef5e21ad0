import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Actor } from '@kinerja/kernel';
import { employeesOfOpd } from '@kinerja/domain/organisation';
import type { Month, OpdId } from '@kinerja/domain/shared';
import { ApplicationHandler } from '../handler';
import { PeopleService } from '../people/service';

// The head of an OPD's (and the offices') month at a glance: counts read from the existing read
// models (work_plans, daily_reports, appraisal_ledger, pay_run) for the OPD's employees on the
// month's last day. Nothing is appended.

export const ISSUED_STATES = ['ISSUED', 'OBJECTED', 'DECIDED', 'FINAL'] as const;

export interface Dashboard {
  opdId: string;
  month: string;
  /** The month's last day: the OPD's employees are those holding a position in it on that day. */
  asOfDate: string;
  employees: number;
  plans: { year: number; approved: number; submitted: number; draft: number; none: number };
  dailyReports: { filed: number; answered: number; unanswered: number; employeesFiling: number };
  appraisals: { periods: string[]; rated: number; issued: number; predikat: Record<string, number> };
  objections: { open: number; escalated: number };
  payroll: { runId: string; status: string; calculation: number } | null;
}

/** An OPD's month on the dashboard. */
export class GetDashboard extends Query<Dashboard> {
  constructor(
    readonly opdId: OpdId,
    /** YYYY-MM; this month on the Pemda's calendar when absent. */
    readonly month: Month | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The month's last day, YYYY-MM-DD. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
}

/** The appraisal periods a month belongs to: itself (monthly) and its quarter (quarterly policies). */
export function periodsOfMonth(month: string): string[] {
  const m = Number(month.slice(5, 7));
  return [month, `${month.slice(0, 4)}-Q${Math.ceil(m / 3)}`];
}

const int = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

@QueryHandler(GetDashboard)
export class GetDashboardHandler extends ApplicationHandler implements IQueryHandler<GetDashboard> {
  constructor(@Inject(PeopleService) private readonly people: PeopleService) {
    super();
  }

  async execute({ opdId, month: asked, actor }: GetDashboard): Promise<Dashboard> {
    await this.people.authorize(actor, 'dashboard.view', { kind: 'unit', opdId }, this.now());
    const month = asked ?? this.today().slice(0, 7);
    const asOfDate = lastDayOfMonth(month);
    const nips = employeesOfOpd(opdId, asOfDate, await this.people.org.current()).map(String);
    const year = Number(month.slice(0, 4));
    const periods = periodsOfMonth(month);
    const [plans, reports, appraisals, predikat, objections, run] = await Promise.all([
      this.db.query<{ approved: string; submitted: string; draft: string; total: string }>(
        `SELECT count(*) FILTER (WHERE in_force IS NOT NULL) AS approved,
                count(*) FILTER (WHERE in_force IS NULL AND status = 'SUBMITTED') AS submitted,
                count(*) FILTER (WHERE in_force IS NULL AND status <> 'SUBMITTED') AS draft,
                count(*) AS total
           FROM work_plans WHERE year = $1 AND nip = ANY($2)`,
        [year, nips],
      ),
      this.db.query<{ filed: string; answered: string; people: string }>(
        `SELECT count(*) AS filed, count(answer_kind) AS answered, count(DISTINCT nip) AS people
           FROM daily_reports WHERE month = $1 AND nip = ANY($2)`,
        [month, nips],
      ),
      this.db.query<{ rated: string; issued: string }>(
        `SELECT count(*) FILTER (WHERE predikat IS NOT NULL) AS rated,
                count(*) FILTER (WHERE state = ANY($3)) AS issued
           FROM appraisal_ledger WHERE opd_id = $1 AND period = ANY($2)`,
        [opdId, periods, [...ISSUED_STATES]],
      ),
      this.db.query<{ predikat: string; n: string }>(
        `SELECT predikat, count(*) AS n FROM appraisal_ledger
          WHERE opd_id = $1 AND period = ANY($2) AND predikat IS NOT NULL GROUP BY predikat`,
        [opdId, periods],
      ),
      this.db.query<{ open: string; escalated: string }>(
        `SELECT count(*) AS open, count(*) FILTER (WHERE (objection->>'escalated')::boolean) AS escalated
           FROM appraisal_ledger WHERE opd_id = $1 AND state = 'OBJECTED'`,
        [opdId],
      ),
      this.db.query<{ run_id: string; status: string; calculation: number }>(
        `SELECT run_id, status, calculation FROM pay_run WHERE opd_id = $1 AND month = $2 ORDER BY run_id LIMIT 1`,
        [opdId, month],
      ),
    ]);
    const p = plans.rows[0];
    const r = reports.rows[0];
    return {
      opdId,
      month,
      asOfDate,
      employees: nips.length,
      plans: {
        year,
        approved: int(p?.approved),
        submitted: int(p?.submitted),
        draft: int(p?.draft),
        none: nips.length - int(p?.total),
      },
      dailyReports: {
        filed: int(r?.filed),
        answered: int(r?.answered),
        unanswered: int(r?.filed) - int(r?.answered),
        employeesFiling: int(r?.people),
      },
      appraisals: {
        periods,
        rated: int(appraisals.rows[0]?.rated),
        issued: int(appraisals.rows[0]?.issued),
        predikat: Object.fromEntries(predikat.rows.map((x) => [x.predikat, int(x.n)])),
      },
      objections: { open: int(objections.rows[0]?.open), escalated: int(objections.rows[0]?.escalated) },
      payroll: run.rows[0] ? { runId: run.rows[0].run_id, status: run.rows[0].status, calculation: int(run.rows[0].calculation) } : null,
    };
  }
}

export const DASHBOARD_HANDLERS = [GetDashboardHandler];
