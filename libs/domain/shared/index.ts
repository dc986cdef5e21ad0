export * from './local-date';
export * from './unknown-command';
