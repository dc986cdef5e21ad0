import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Actor, domainError, isKinerjaError, merkleInclusionProof, merkleRoot, MerkleRootBuilder, notFound } from '@kinerja/kernel';
import type { EventStore, StreamHeads } from '@kinerja/event-store';
import {
  AuditSealed,
  keyFingerprint,
  nextSealNumber,
  openSealFile,
  parsePublicKeyPem,
  proofText,
  SEAL_STREAM_ID,
  sealDecider,
  sealFileText,
  SealFields,
  sealLeafHash,
} from '@kinerja/domain/seal';
import { handleCommand, readState } from '../command-handler';
import { ApplicationHandler } from '../handler';
import { EVENT_STORE } from '../ports';
import { PeopleService } from '../people/service';
import {
  GetAuditSealFile,
  GetSealKey,
  ListAuditSeals,
  ProveStreamInSeal,
  SealAuditLog,
  SealFailure,
  SealListItem,
  SealMade,
  SealVerification,
  VerifyAgainstSeal,
} from './seal-commands';
import { SEAL_KEYS, SealKeys } from './seal-ports';

/** Who records a seal: the system itself (the daily job, a disbursement's job, the console). */
const SEALER: Actor = { userId: 'system:audit-seal', roles: [] };

const fieldsOf = ({ signature: _signature, ...fields }: AuditSealed['data']): SealFields => fields;
const fileNameOf = (f: SealFields) => `kinerja-seal-${f.seal}-${f.sealedAt.slice(0, 10)}.txt`;

/** Folds a cut's heads into the Merkle root, in constant memory (leaf hashes the store gave, else hashed here). */
async function rootOf(heads: StreamHeads, each?: (streamId: string, version: number) => void): Promise<MerkleRootBuilder> {
  const b = new MerkleRootBuilder();
  for await (const batch of heads)
    for (const h of batch) {
      b.pushLeafHash(h.leafHash ?? sealLeafHash(h.streamId, h.version, h.headHash));
      each?.(h.streamId, h.version);
    }
  return b;
}

/** Every seal made, in order, with its event's id. */
export async function recordedSeals(store: EventStore): Promise<Array<{ eventId: string; data: AuditSealed['data'] }>> {
  const events = await store.readStream(SEAL_STREAM_ID);
  return events.filter((e) => e.type === 'AuditSealed').map((e) => ({ eventId: e.id, data: e.data as AuditSealed['data'] }));
}

@CommandHandler(SealAuditLog)
export class SealAuditLogHandler extends ApplicationHandler implements ICommandHandler<SealAuditLog> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SEAL_KEYS) private readonly keys: SealKeys,
  ) {
    super();
  }

  async execute({ trigger, runId, key }: SealAuditLog): Promise<SealMade> {
    const done = key ? await this.madeWith(key) : undefined;
    if (done) return { ...done, replayed: true };
    // The store hashes the leaves beside its read (PostgreSQL: in the database, in parallel with the tree here).
    const heads = await this.store.streamHeads({ leafHashes: true });
    const tree = await rootOf(heads);
    const keyId = keyFingerprint(this.keys.publicKey());
    // The number is signed with the seal: a seal recorded in between takes it, so sign again.
    for (let attempt = 0; ; attempt++) {
      const { state, version } = await readState(this.store, SEAL_STREAM_ID, sealDecider);
      const fields: SealFields = {
        seal: nextSealNumber(state),
        sealedAt: this.now(),
        trigger,
        runId,
        cut: heads.cut,
        streams: tree.size,
        root: tree.root().toString('hex'),
        key: keyId,
      };
      try {
        const r = await handleCommand(
          this.store,
          SEAL_STREAM_ID,
          sealDecider,
          { type: 'RecordSeal', fields, signature: this.keys.sign(fields) },
          {
            actor: SEALER,
            role: 'system',
            reason: runId ? `${trigger} ${runId}` : trigger,
            idempotencyKey: key,
            expectedVersion: version,
          },
        );
        if (r.replayed) return { ...fieldsOf((r.events[0] as AuditSealed).data), replayed: true };
        return { ...fields, replayed: false };
      } catch (e) {
        if (attempt < 3 && isKinerjaError(e) && (e.code === 'VERSION_CONFLICT' || e.code === 'SEAL_NUMBER_TAKEN')) continue;
        throw e;
      }
    }
  }

  private async madeWith(key: string): Promise<SealFields | undefined> {
    const events = await this.store.readStream(SEAL_STREAM_ID);
    const e = events.find((x) => x.metadata?.idempotencyKey === key);
    return e ? fieldsOf(e.data as AuditSealed['data']) : undefined;
  }
}

/** The seals as recorded, for the queries. */
abstract class SealReader extends ApplicationHandler {
  constructor(
    @Inject(EVENT_STORE) protected readonly store: EventStore,
    @Inject(PeopleService) private readonly people: PeopleService,
  ) {
    super();
  }

  /** The inspectorate's (the seals are the audit log's); the console is trusted. */
  protected async allow(actor: Actor | null): Promise<void> {
    if (actor) await this.people.authorize(actor, 'audit.verify', { kind: 'auditLog' }, this.now());
  }

  protected seals(): Promise<Array<{ eventId: string; data: AuditSealed['data'] }>> {
    return recordedSeals(this.store);
  }
}

@QueryHandler(ListAuditSeals)
export class ListAuditSealsHandler extends SealReader implements IQueryHandler<ListAuditSeals> {
  async execute({ actor }: ListAuditSeals): Promise<{ seals: SealListItem[] }> {
    await this.allow(actor);
    return {
      seals: (await this.seals()).map(({ eventId, data }) => ({ ...fieldsOf(data), fileName: fileNameOf(data), eventId })),
    };
  }
}

@QueryHandler(GetAuditSealFile)
export class GetAuditSealFileHandler extends SealReader implements IQueryHandler<GetAuditSealFile> {
  async execute({ seal, actor }: GetAuditSealFile) {
    await this.allow(actor);
    const found = (await this.seals()).find((s) => s.data.seal === seal);
    if (!found) throw notFound('SEAL_NOT_FOUND', `there is no seal ${seal}`, { seal });
    return { seal, fileName: fileNameOf(found.data), text: sealFileText(fieldsOf(found.data), found.data.signature) };
  }
}

@QueryHandler(GetSealKey)
export class GetSealKeyHandler implements IQueryHandler<GetSealKey> {
  constructor(@Inject(SEAL_KEYS) private readonly keys: SealKeys) {}

  async execute() {
    const key = this.keys.publicKey();
    return {
      algorithm: 'Ed25519' as const,
      fingerprint: keyFingerprint(key),
      publicKeyPem: key.export({ format: 'pem', type: 'spki' }).toString(),
    };
  }
}

/** A seal file opened with the key given, else the Pemda's own. */
function openSeal(text: string, keys: SealKeys, publicKeyPem?: string): SealFields {
  return openSealFile(text, publicKeyPem ? parsePublicKeyPem(publicKeyPem) : keys.publicKey());
}

@QueryHandler(VerifyAgainstSeal)
export class VerifyAgainstSealHandler implements IQueryHandler<VerifyAgainstSeal> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SEAL_KEYS) private readonly keys: SealKeys,
  ) {}

  async execute({ sealText, publicKeyPem, onProgress }: VerifyAgainstSeal): Promise<SealVerification> {
    const seal = openSeal(sealText, this.keys, publicKeyPem);
    // Every chain, with the first problem of each broken stream: a changed, removed or cut event.
    const integrity = await this.store.verifyIntegrity({ onProgress, all: true });
    const broken = new Map((integrity.broken ?? []).map((b) => [b.streamId, b]));
    // The heads at the seal's cut, from the events themselves (not the streams' bookkeeping).
    const atCut = new Map<string, number>();
    const tree = await rootOf(await this.store.streamHeads({ cut: seal.cut, fromEvents: true }), (id, v) => {
      if (broken.has(id)) atCut.set(id, v);
    });
    const rootMatches = tree.size === seal.streams && tree.root().toString('hex') === seal.root;
    const failures: SealFailure[] = [];
    const afterSeal: SealFailure[] = [];
    for (const b of broken.values()) {
      const f = { streamId: b.streamId, streamPosition: b.streamPosition, problem: b.problem };
      const v = atCut.get(b.streamId);
      // A problem at or just past the sealed head (a missing successor of it) touches the sealed part;
      // a head that disagrees with the stream's end, or a stream gone from the cut, may have cut it.
      if ((v !== undefined && b.streamPosition <= v + 1) || b.problem === 'HEAD_MISMATCH' || (v === undefined && !rootMatches))
        failures.push(f);
      else afterSeal.push(f);
    }
    const ok = rootMatches && failures.length === 0;
    const message = ok
      ? `the log extends seal ${seal.seal}: ${seal.streams} streams give its root at cut ${seal.cut}, and every chain below them verifies`
      : failures.length
        ? `the log no longer extends seal ${seal.seal}: ${failures.map((f) => `${f.streamId} (${f.problem} at ${f.streamPosition})`).join(', ')}`
        : `the log no longer extends seal ${seal.seal}: its heads at cut ${seal.cut} give another root (${tree.size} streams now, ${seal.streams} sealed); ` +
          'every chain verifies, so a stream was removed whole or a head was rewritten with recomputed hashes; which one cannot be named without the sealed leaves';
    return {
      ok,
      seal: seal.seal,
      sealedAt: seal.sealedAt,
      cut: seal.cut,
      sealedStreams: seal.streams,
      streamsAtCut: tree.size,
      rootMatches,
      failures,
      afterSeal,
      eventsChecked: integrity.eventsChecked,
      message,
    };
  }
}

@QueryHandler(ProveStreamInSeal)
export class ProveStreamInSealHandler implements IQueryHandler<ProveStreamInSeal> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SEAL_KEYS) private readonly keys: SealKeys,
  ) {}

  async execute({ streamId, sealText, publicKeyPem }: ProveStreamInSeal) {
    const seal = openSeal(sealText, this.keys, publicKeyPem);
    const leaves: Buffer[] = [];
    let found: { index: number; version: number; headHash: Buffer } | undefined;
    for await (const batch of await this.store.streamHeads({ cut: seal.cut, fromEvents: true }))
      for (const h of batch) {
        if (h.streamId === streamId) found = { index: leaves.length, version: h.version, headHash: h.headHash };
        leaves.push(sealLeafHash(h.streamId, h.version, h.headHash));
      }
    const root = merkleRoot(leaves).toString('hex');
    if (leaves.length !== seal.streams || root !== seal.root)
      throw domainError(
        'SEAL_NOT_REPRODUCED',
        { seal: seal.seal, cut: seal.cut },
        `the log no longer gives seal ${seal.seal}'s root at its cut: no proof can be made from it (kinerja audit verify --seal names what changed)`,
      );
    if (!found) throw notFound('STREAM_NOT_SEALED', `${streamId} had no event at seal ${seal.seal}'s cut`, { streamId, seal: seal.seal });
    const text = proofText({
      streamId,
      version: found.version,
      headHash: found.headHash.toString('hex'),
      index: found.index,
      treeSize: leaves.length,
      path: merkleInclusionProof(leaves, found.index).map((h) => h.toString('hex')),
      root,
      seal: sealText,
    });
    return { streamId, seal: seal.seal, text };
  }
}

export const SEAL_HANDLERS = [
  SealAuditLogHandler,
  ListAuditSealsHandler,
  GetAuditSealFileHandler,
  GetSealKeyHandler,
  VerifyAgainstSealHandler,
  ProveStreamInSealHandler,
];
