export { appraisalsProjection } from './projection';
export * from './queries';
export * from './follow-up-queries';
export { appraisalLedgerRowOf } from './ledger';
