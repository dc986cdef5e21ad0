export * from './bkn-export';
export * from './decider';
export * from './siasn';
