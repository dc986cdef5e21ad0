export * from './context';
export * from './pipes';
export * from './command';
export * from './upload';
