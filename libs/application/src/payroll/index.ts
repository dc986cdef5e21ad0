export * from './calculation-job';
export * from './commands';
export * from './handlers';
export * from './dispatch';
export * from './explain';
