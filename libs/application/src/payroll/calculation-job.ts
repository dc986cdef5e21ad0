/** A queued calculation of a payroll run: what the calculation job (libs/workflows) is given. */
export interface CalculationJobData {
  runId: string;
  opdId: string;
  month: string;
  calculation: number;
  /** The run stream's version after the calculation was requested. */
  runVersion: number;
}

/** The job of a calculation, as the queue reports it (null when it is gone). */
export interface CalculationJobStatus {
  state: string;
  progress: unknown;
  failedReason: string | null;
}

/** The job id is the calculation's: asking twice queues it once. */
export const calculationJobId = (runId: string, calculation: number) =>
  `payroll-calc.${runId.replace(/[^A-Za-z0-9_.-]/g, '_')}.${calculation}`;

/** The queue the calculation jobs go to (BullMQ in the running system). */
export interface PayrollQueue {
  enqueue(job: CalculationJobData): Promise<string>;
  status(jobId: string): Promise<CalculationJobStatus | null>;
}
