import { repoPath } from '@kinerja/kernel/paths';

// In a module of their own (no parsing, no zod): `kinerja --help` shows them without loading the rest.

/** The folder of documents shipped with kinerja (the sample Perkada). */
export const BUNDLED_POLICY_DIR = repoPath('libs', 'policies', 'documents');

/** The version used when a caller names none: the sample Perkada shipped with the demo. */
export const SAMPLE_POLICY_VERSION = 'perkada-contoh-1-2026/v1';
