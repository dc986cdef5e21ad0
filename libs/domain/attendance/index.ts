export * from './schedule';
export * from './rules';
export * from './classify';
