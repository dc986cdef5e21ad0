export * from './schedule';
export * from './rules';
export * from './classify';
export * from './scans';
export * from './leave';
export * from './policy';
export * from './devices';
export * from './roster';
