export * from './types';
export * from './commands';
export * from './events';
export * from './validation';
export * from './as-of';
export * from './decider';
export * from './masking';
export * from './import';
