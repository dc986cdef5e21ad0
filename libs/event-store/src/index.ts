export * from './port';
export * from './errors';
export * from './validate';
export * from './upcast';
export * from './read-up-to-head';
export * from './postgres/postgres-event-store';
export * from './postgres/migrate';
export * from './postgres/audit';
