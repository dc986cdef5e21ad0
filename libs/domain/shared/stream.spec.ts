import {
  APPRAISAL_STREAM_TYPE,
  appraisalStreamId,
  calibrationStreamId,
  isAppraisalStream,
  isCalibrationStream,
  isTrainingStream,
  trainingStreamId,
} from '../appraisal';
import { dailyReportStreamId, isDailyReportStream } from '../dailyreport';
import { employeeStreamId, nipOfEmployeeStream } from '../employee';
import { feedbackStreamId, isFeedbackStream } from '../feedback';
import { isOrganisationStream, ORGANISATION_STREAM_ID } from '../organisation';
import { isRealisationStream, realisationStreamId } from '../realisation';
import { isReminderStream, reminderStreamId } from '../reminder';
import { isWorkPlanStream, workPlanStreamId } from '../workplan';
import { streamTypeOf } from './stream';

const NIP = '198001012006041001';

describe('stream types', () => {
  // Each domain's test must accept the ids its own builder makes and no other domain's: the read
  // models route events by these tests.
  const families: Array<[string, string, (id: string) => boolean]> = [
    ['Appraisal', appraisalStreamId(NIP, '2026-03'), isAppraisalStream],
    ['Calibration', calibrationStreamId('DINKES', '2026-Q1'), isCalibrationStream],
    ['Training', trainingStreamId(NIP), isTrainingStream],
    ['DailyReport', dailyReportStreamId(NIP, '2026-03'), isDailyReportStream],
    ['Feedback', feedbackStreamId(NIP, 2026), isFeedbackStream],
    ['Organisation', ORGANISATION_STREAM_ID, isOrganisationStream],
    ['Realisation', realisationStreamId(NIP, '2026-03'), isRealisationStream],
    ['Reminder', reminderStreamId(NIP), isReminderStream],
    ['WorkPlan', workPlanStreamId(NIP, 2026), isWorkPlanStream],
  ];

  it.each(families)('%s: the builder and the test agree, and no other family matches', (type, id, isOwn) => {
    expect(streamTypeOf(id)).toBe(type);
    expect(isOwn(id)).toBe(true);
    for (const [other, otherId] of families) if (other !== type) expect(isOwn(otherId)).toBe(false);
  });

  it('reads the type up to the first dash only, so an id that merely starts alike is another type', () => {
    expect(streamTypeOf(`${APPRAISAL_STREAM_TYPE}Draft-${NIP}`)).toBe('AppraisalDraft');
    expect(isAppraisalStream(`${APPRAISAL_STREAM_TYPE}Draft-${NIP}`)).toBe(false);
    expect(streamTypeOf('no-type-here')).toBe('no');
    expect(streamTypeOf('-x')).toBe('');
  });

  it('gives the NIP of an employee stream, and null for any other stream', () => {
    expect(nipOfEmployeeStream(employeeStreamId(NIP))).toBe(NIP);
    expect(nipOfEmployeeStream(reminderStreamId(NIP))).toBeNull();
  });
});
