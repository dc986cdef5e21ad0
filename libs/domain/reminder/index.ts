export * from './commands';
export * from './events';
export * from './decider';
export * from './due';
