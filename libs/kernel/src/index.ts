export * from './errors';
export * from './canonical-json';
export * from './ids';
export * from './clock';
export * from './money';
export * from './decider';
export * from './net';
export * from './nip';
