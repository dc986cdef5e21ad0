import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { GetAuditSealFile, ListAuditSeals, ProveStreamInSeal, SealAuditLog, VerifyAgainstSeal } from '@kinerja/application';
import { checkProof, keyFingerprint, parsePublicKeyPem } from '@kinerja/domain/seal';
import { badInput } from '@kinerja/kernel';
import { applicationContext, loadConfig, sealKeys } from '@kinerja/platform';
import { progressBar } from '../progress';
import { withRuntime } from '../runtime';

/** A file named on the command line, or a coded refusal naming it. */
function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw badInput('FILE_UNREADABLE', `cannot read the ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      file,
    });
  }
}

function output(text: string, out: string | undefined): void {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

/** `kinerja audit seal|seals|export-seal|seal-key|prove|check-proof`; `verify --seal` is in main.ts (verifyAgainstSeal). */
export function registerSealCommands(audit: Command): void {
  audit
    .command('seal')
    .description('seal the log now: the Merkle root over every stream head, signed with the Pemda key, recorded as an event')
    .option('--json', 'print the seal as JSON')
    .action(async (opts: { json?: boolean }) => {
      const s = await withRuntime(async (rt) => (await applicationContext(rt)).commands.execute(new SealAuditLog('ON_DEMAND')));
      if (opts.json) return console.log(JSON.stringify(s));
      console.log(`seal ${s.seal}: ${s.streams} streams at cut ${s.cut}, root ${s.root}, ${s.sealedAt}`);
      console.log(`  kinerja audit export-seal ${s.seal} --out kinerja-seal-${s.seal}.txt  writes its signed file`);
    });

  audit
    .command('seals')
    .description('list the seals: number, time, trigger, streams, root')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { seals } = await withRuntime(async (rt) => (await applicationContext(rt)).queries.execute(new ListAuditSeals(null)));
      if (opts.json) return console.log(JSON.stringify(seals));
      if (!seals.length) return console.log('no seals yet (kinerja audit seal makes one)');
      for (const s of seals)
        console.log(
          `${String(s.seal).padStart(5)}  ${s.sealedAt}  ${(s.trigger + (s.runId ? ` ${s.runId}` : '')).padEnd(40)} ${String(s.streams).padStart(9)} streams  ${s.root}`,
        );
    });

  audit
    .command('export-seal <seal>')
    .description('write a seal as its signed text file, for an outsider to keep')
    .option('--out <file>', 'write to this file (default: stdout)')
    .action(async (seal: string, opts: { out?: string }) => {
      if (!/^[1-9]\d{0,8}$/.test(seal)) throw badInput('INVALID_SEAL_NUMBER', `a seal is numbered 1, 2, 3, …, not "${seal}"`);
      const r = await withRuntime(async (rt) => (await applicationContext(rt)).queries.execute(new GetAuditSealFile(Number(seal), null)));
      output(r.text, opts.out);
      if (opts.out) console.error(`seal ${r.seal} written to ${opts.out}`);
    });

  audit
    .command('seal-key')
    .description("print the Pemda's public seal key (PEM), which checks seal files and proofs; no database needed")
    .option('--out <file>', 'write to this file (default: stdout)')
    .action((opts: { out?: string }) => {
      const key = sealKeys(loadConfig()).publicKey();
      output(key.export({ format: 'pem', type: 'spki' }).toString(), opts.out);
      console.error(keyFingerprint(key));
    });

  audit
    .command('prove <stream>')
    .description("print an inclusion proof: the stream's sealed head is in the seal's Merkle tree (check it with check-proof)")
    .requiredOption('--seal <file>', 'the seal file')
    .option('--key <file>', 'the public key (PEM) to check the seal with (default: the Pemda key)')
    .option('--out <file>', 'write to this file (default: stdout)')
    .action(async (stream: string, opts: { seal: string; key?: string; out?: string }) => {
      const sealText = readText(opts.seal, 'seal file');
      const key = opts.key ? readText(opts.key, 'key file') : undefined;
      const r = await withRuntime(async (rt) =>
        (await applicationContext(rt)).queries.execute(new ProveStreamInSeal(stream, sealText, key)),
      );
      output(r.text, opts.out);
    });

  audit
    .command('check-proof <proof>')
    .description('check an inclusion proof with the public key alone (no database); with --seal, against that very seal file')
    .requiredOption('--key <file>', "the Pemda's public key (PEM, from kinerja audit seal-key or GET /api/v1/audit/seal-key)")
    .option('--seal <file>', 'the seal file the proof must be against')
    .action((proof: string, opts: { key: string; seal?: string }) => {
      const key = parsePublicKeyPem(readText(opts.key, 'key file'));
      const { proof: p, seal } = checkProof(
        readText(proof, 'proof'),
        key,
        opts.seal === undefined ? undefined : readText(opts.seal, 'seal file'),
      );
      console.log(
        `ok: ${p.streamId} at version ${p.version} (head ${p.headHash}) is in seal ${seal.seal} of ${seal.sealedAt} (${seal.streams} streams, root ${seal.root}), signed by ${seal.key}`,
      );
    });
}

/** `kinerja audit verify --seal <file>`: does the log still extend what the seal sealed? Exit 1 naming the streams that fail. */
export async function verifyAgainstSeal(opts: { seal: string; key?: string; json?: boolean }): Promise<void> {
  const sealText = readText(opts.seal, 'seal file');
  const key = opts.key ? readText(opts.key, 'key file') : undefined;
  const r = await withRuntime(async (rt) => {
    const bar = progressBar('verifying against the seal');
    const out = await (
      await applicationContext(rt)
    ).queries.execute(new VerifyAgainstSeal(sealText, key, (p) => bar.update(p.checked, p.total)));
    bar.done();
    return out;
  });
  if (opts.json) console.log(JSON.stringify(r));
  else {
    console.log(`${r.ok ? 'ok' : 'FAILED'}: ${r.message}`);
    for (const f of r.failures) console.log(`  ${f.streamId}: ${f.problem} at position ${f.streamPosition}`);
    for (const f of r.afterSeal) console.log(`  after the seal (not sealed): ${f.streamId}: ${f.problem} at position ${f.streamPosition}`);
  }
  if (!r.ok) process.exitCode = 1;
}
