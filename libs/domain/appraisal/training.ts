import { badInput, conflict, Decider, deterministicId, notFound } from '@kinerja/kernel';
import type { TrainingCommand } from './commands';
import type { TrainingEvent } from './events';

/** The employee's training record: what was done, and which recommendations it closed. */
export interface TrainingState {
  trainingIds: Record<string, true>;
  /** recommendationId -> the training that closed it. */
  closed: Record<string, string>;
}

export const initialTrainingState = (): TrainingState => ({ trainingIds: {}, closed: {} });

export function evolveTraining(s: TrainingState, e: TrainingEvent): TrainingState {
  const d = e.data;
  return {
    trainingIds: { ...s.trainingIds, [d.trainingId]: true },
    closed: d.recommendationId ? { ...s.closed, [d.recommendationId]: d.trainingId } : s.closed,
  };
}

export function decideTraining(cmd: TrainingCommand, s: TrainingState): TrainingEvent[] {
  if (!cmd.course.trim()) throw badInput('MISSING_FIELD', 'course must be named', { field: 'course' });
  if (cmd.course.length > 300) throw badInput('TEXT_TOO_LONG', 'course is longer than 300 characters', { field: 'course', max: 300 });
  if (cmd.completedOn > cmd.today)
    throw badInput('COMPLETION_IN_FUTURE', 'a training is recorded once completed', { completedOn: cmd.completedOn, today: cmd.today });
  let recommendationId: string | null = null;
  if (cmd.recommendationId !== undefined) {
    if (!cmd.recommendations.includes(cmd.recommendationId))
      throw notFound('UNKNOWN_RECOMMENDATION', 'no training recommendation with this id for the employee', {
        recommendationId: cmd.recommendationId,
      });
    if (s.closed[cmd.recommendationId])
      throw conflict('RECOMMENDATION_CLOSED', 'the recommendation is closed by an earlier training', {
        recommendationId: cmd.recommendationId,
        trainingId: s.closed[cmd.recommendationId],
      });
    recommendationId = cmd.recommendationId;
  }
  const course = cmd.course.trim();
  // The same course completed on the same day is one training, whoever records it.
  const trainingId = deterministicId('kinerja.training', cmd.nip, course.toLowerCase(), cmd.completedOn);
  if (s.trainingIds[trainingId]) throw conflict('TRAINING_EXISTS', 'this training is recorded', { trainingId });
  return [
    {
      type: 'TrainingRecorded',
      data: {
        nip: cmd.nip,
        trainingId,
        course,
        hours: cmd.hours,
        completedOn: cmd.completedOn,
        year: Number(cmd.completedOn.slice(0, 4)),
        recommendationId,
        at: cmd.now,
      },
    },
  ];
}

export const trainingDecider: Decider<TrainingCommand, TrainingEvent, TrainingState> = {
  decide: decideTraining,
  evolve: evolveTraining,
  initialState: initialTrainingState,
};
