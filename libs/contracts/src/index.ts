export * from './parse';
export * from './audit';
