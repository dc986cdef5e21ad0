import { basename, dirname, join, resolve } from 'node:path';

/**
 * The repository's folder, whether this code runs from its sources (libs/kernel/src/paths.ts) or
 * from the compiled build (dist/<stamp>/libs/kernel/src/paths.js, scripts/build.js): files that are
 * not compiled (migrations, policy documents, the console's build) are found from here.
 */
export const REPO_ROOT: string = ((up: string) =>
  __filename.endsWith('.js') && basename(dirname(up)) === 'dist' ? dirname(dirname(up)) : up)(resolve(__dirname, '..', '..', '..'));

/** A path inside the repository (see REPO_ROOT). */
export const repoPath = (...segments: string[]): string => join(REPO_ROOT, ...segments);
