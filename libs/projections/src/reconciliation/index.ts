export { reconciliationProjection } from './projection';
export * from './queries';
