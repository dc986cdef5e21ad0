export * from './run';
export * from './digest';
export * from './inputs';
export * from './lines';
export * from './simulation';
