export * from './calculate';
export * from './calculation-process';
