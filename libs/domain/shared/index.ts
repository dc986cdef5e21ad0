export * from './local-date';
export * from './values';
