export * from './events';
export * from './leaf';
export * from './decider';
export * from './file';
