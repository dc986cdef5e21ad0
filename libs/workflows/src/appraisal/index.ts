export * from './issue-fan-out';
export * from './deadlines';
