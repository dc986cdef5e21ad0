export * from './calculation-job';
export * from './commands';
export * from './handlers';
export * from './explain';
export * from './simulation';
