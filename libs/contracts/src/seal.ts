import { z } from 'zod';

// Audit seals (issue 15, item 4): the list, one seal's file, the public key that checks them.

export const SealNumberParam = z.object({ seal: z.string().regex(/^[1-9]\d{0,8}$/, 'a seal number: 1, 2, 3, …') });

const seal = z.looseObject({
  seal: z.number().int().describe('1, 2, 3, … in the order seals were made'),
  sealedAt: z.string(),
  trigger: z.enum(['DAILY', 'PAYROLL_DISBURSED', 'ON_DEMAND']),
  runId: z.string().nullable().describe('the payroll run whose disbursement asked for the seal'),
  cut: z.string().describe('the cut of the log the heads were read at (PostgreSQL: the safe horizon)'),
  streams: z.number().int().describe('streams sealed (leaves of the Merkle tree)'),
  root: z.string().describe('the Merkle root over (stream id, version, head hash), hex'),
  key: z.string().describe('ed25519:<hex SHA-256 of the public key that signed>'),
  fileName: z.string(),
  eventId: z.string(),
});
export const SealList = z.looseObject({ seals: z.array(seal) });
export const SealKeyView = z.looseObject({
  algorithm: z.literal('Ed25519'),
  fingerprint: z.string(),
  publicKeyPem: z.string().describe('the public key (PEM, SPKI): `kinerja audit check-proof --key` reads it'),
});
