export * from './calculate';
export * from './reads';
export * from './service';
export * from './explain';
