import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { badInput, deterministicId } from '@kinerja/kernel';
import { faultDayDecider, faultDayStreamId, leaveDecider, leaveStreamId } from '@kinerja/domain/attendance';
import { isLocalDate } from '@kinerja/domain/shared';
import { faultDaysOf, leaveOf } from '@kinerja/projections';
import { handleCommand, readState } from '../command-handler';
import { AttendanceHandler } from './base';
import { ATTENDANCE_SUMMARY_HANDLERS } from './summary-handlers';
import { CancelLeave, DecideLeave, DeclareFaultDay, ListFaultDays, ListLeave, RequestLeave } from './commands';

// One handler per command of the attendance area: authorise with the access policy, decide with the
// pure decider of libs/domain/attendance, append through `handleCommand`.

export const LEAVE_ID_RE = /^[A-Za-z0-9_.:@-]{1,80}$/;

@CommandHandler(RequestLeave)
export class RequestLeaveHandler extends AttendanceHandler implements ICommandHandler<RequestLeave> {
  async execute({ nip, request: r, actor, ctx }: RequestLeave) {
    const context = await this.allow(actor, 'leave.request', { kind: 'employee', nip }, ctx);
    // Without an id, the request is named by what it asks: the same request sent twice is one request.
    // The same days asked again after a refusal or a withdrawal are a new request, with the next name.
    let leaveId = r.leaveId;
    if (leaveId === undefined) {
      const { state } = await readState(this.store, leaveStreamId(nip), leaveDecider);
      for (let n = 0; ; n++) {
        const id = deterministicId('kinerja.leave', nip, r.kind, r.from, r.to, ...(n ? [String(n)] : []));
        const earlier = state.requests.get(id);
        if (!earlier || earlier.status === 'DIAJUKAN' || earlier.status === 'DISETUJUI') {
          leaveId = id;
          break;
        }
      }
    }
    const result = await handleCommand(
      this.store,
      leaveStreamId(nip),
      leaveDecider,
      { type: 'RequestLeave', nip, leaveId, ...r, at: this.now() },
      { ...context, reason: r.reason },
    );
    return { ...result, leaveId };
  }
}

@CommandHandler(DecideLeave)
export class DecideLeaveHandler extends AttendanceHandler implements ICommandHandler<DecideLeave> {
  async execute({ nip, leaveId, decision, actor, ctx }: DecideLeave) {
    // The supervisor of today: the org history decides who that is, not a claim.
    const context = await this.allow(actor, 'leave.decide', { kind: 'employee', nip }, ctx);
    return handleCommand(
      this.store,
      leaveStreamId(nip),
      leaveDecider,
      {
        type: 'DecideLeave',
        nip,
        leaveId,
        approve: decision.approve,
        note: decision.note ?? '',
        decidedBy: actor.nip ?? actor.userId,
        at: this.now(),
      },
      { ...context, reason: decision.note },
    );
  }
}

@CommandHandler(CancelLeave)
export class CancelLeaveHandler extends AttendanceHandler implements ICommandHandler<CancelLeave> {
  async execute({ nip, leaveId, reason, actor, ctx }: CancelLeave) {
    const context = await this.allow(actor, 'leave.request', { kind: 'employee', nip }, ctx);
    return handleCommand(
      this.store,
      leaveStreamId(nip),
      leaveDecider,
      { type: 'CancelLeave', nip, leaveId, reason, today: this.today(), at: this.now() },
      { ...context, reason },
    );
  }
}

@CommandHandler(DeclareFaultDay)
export class DeclareFaultDayHandler extends AttendanceHandler implements ICommandHandler<DeclareFaultDay> {
  async execute({ opdId, day, actor, ctx }: DeclareFaultDay) {
    const context = await this.allow(actor, 'attendance.fault', { kind: 'unit', opdId }, ctx);
    if (!isLocalDate(day.date)) throw badInput('INVALID_DATE', 'date must be a real date YYYY-MM-DD', { value: day.date });
    // A fault is declared after the fact: a day still to come cannot have failed.
    if (day.date > this.today())
      throw badInput('DATE_IN_FUTURE', `${day.date} has not happened yet`, { date: day.date, today: this.today() });
    return handleCommand(
      this.store,
      faultDayStreamId(opdId, day.date.slice(0, 7)),
      faultDayDecider,
      { type: 'DeclareFaultDay', opdId, date: day.date, reason: day.reason, declaredBy: actor.nip ?? actor.userId, at: this.now() },
      { ...context, reason: day.reason },
    );
  }
}

@QueryHandler(ListLeave)
export class ListLeaveHandler extends AttendanceHandler implements IQueryHandler<ListLeave> {
  async execute({ nip, page, actor }: ListLeave) {
    await this.allow(actor, 'leave.view', { kind: 'employee', nip });
    return leaveOf(this.db, nip, page);
  }
}

@QueryHandler(ListFaultDays)
export class ListFaultDaysHandler extends AttendanceHandler implements IQueryHandler<ListFaultDays> {
  async execute({ opdId, month, actor }: ListFaultDays) {
    await this.allow(actor, 'attendance.recap', { kind: 'unit', opdId });
    return { opdId, month, items: await faultDaysOf(this.db, opdId, month) };
  }
}

export const ATTENDANCE_HANDLERS = [
  RequestLeaveHandler,
  DecideLeaveHandler,
  CancelLeaveHandler,
  DeclareFaultDayHandler,
  ListLeaveHandler,
  ListFaultDaysHandler,
  ...ATTENDANCE_SUMMARY_HANDLERS,
];
