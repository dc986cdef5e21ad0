export { payrollProjection } from './projection';
export { amendmentKey, PAYROLL_APPRAISAL_EVENT_TYPES, PAYROLL_INPUT_EVENT_TYPES } from './inputs';
export { PAY_LINE_EVENT_TYPES } from './runs';
export * from './queries';
export * from './documents';
export * from './simulation';
