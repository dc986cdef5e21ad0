export * from './service';
export * from './realisation';
export * from './demo';
