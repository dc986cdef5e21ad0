export * from './service';
export * from './realisation';
