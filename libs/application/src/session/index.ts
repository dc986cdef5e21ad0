export * from './commands';
export { SESSION_HANDLERS } from './handlers';
