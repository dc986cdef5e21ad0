export * from './period';
export * from './distribution';
export * from './events';
export * from './commands';
export * from './decider';
export * from './calibration';
export * from './training';
export * from './history';
