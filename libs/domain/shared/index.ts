export * from './local-date';
export * from './stream';
export * from './values';
export * from './unknown-command';
