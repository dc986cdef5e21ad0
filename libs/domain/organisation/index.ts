export * from './commands';
export * from './events';
export * from './history';
export * from './queries';
export * from './decider';
