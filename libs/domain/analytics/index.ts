export * from './ratings';
export * from './workload';
