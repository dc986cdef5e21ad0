export * from './local-date';
export * from './stream';
