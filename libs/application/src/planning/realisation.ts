import { createHash } from 'node:crypto';
import { badInput, forbidden, Instant, Nip, notFound } from '@kinerja/kernel';
import type { Actor } from '@kinerja/kernel';
import { versionInForce } from '@kinerja/domain/workplan';
import {
  checkEvidenceContent,
  checkEvidenceType,
  DEFAULT_EVIDENCE_MAX_BYTES,
  EvidenceContentType,
  evidenceDecider,
  evidenceStreamId,
  evidenceTooLarge,
  EvidenceState,
  SHA256_PATTERN,
} from '@kinerja/domain/evidence';
import {
  PERIOD_PATTERN,
  RealisationCommand,
  realisationDecider,
  RealisationEvent,
  RealisationState,
  realisationStreamId,
  StoredEvidence,
} from '@kinerja/domain/realisation';
import { CommandResult, handleCommand, readState } from '../command-handler';
import type { EvidenceStore } from '../evidence/store';
import type { RequestContext } from '../people/service';
import type { PlanningService } from './service';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A realisation command as the API sends it: the plan and the stored files are looked up here. */
export type RealisationRequest = DistributiveOmit<RealisationCommand, 'plan' | 'storedFiles'>;

export interface UploadedEvidence {
  sha256: string;
  size: number;
  contentType: string;
}

/**
 * Periodic realisation per indicator (IKI) per month, with evidence: files kept content-addressed
 * in the evidence store, their hash, size and type recorded in events, so a changed file shows.
 */
export class RealisationService {
  constructor(
    readonly planning: PlanningService,
    readonly evidenceStore: EvidenceStore,
    readonly options: { maxBytes?: number } = {},
  ) {}

  get maxBytes(): number {
    return this.options.maxBytes ?? DEFAULT_EVIDENCE_MAX_BYTES;
  }

  private get store() {
    return this.planning.store;
  }

  /** Who may upload: an employee, for their own records. Checked before a byte is read. */
  async authorizeUpload(by: Actor, now: Instant): Promise<string> {
    if (!by.nip) throw forbidden('NOT_OWN_RECORD', 'evidence is uploaded by an employee, for their own records');
    return this.planning.people.authorize(by, 'evidence.upload', { kind: 'employee', nip: by.nip }, now);
  }

  /** Type and declared size, refused before the body is read. */
  precheck(contentType: string | undefined, declaredSize?: number): EvidenceContentType {
    const type = checkEvidenceType(contentType);
    if (declaredSize !== undefined && declaredSize > this.maxBytes) throw evidenceTooLarge(declaredSize, this.maxBytes);
    return type;
  }

  async evidence(sha256: string): Promise<EvidenceState> {
    return (await readState(this.store, evidenceStreamId(sha256), evidenceDecider)).state;
  }

  /** Stores the bytes (content-addressed), then records who uploaded them; refusals store and append nothing. */
  async upload(bytes: Buffer, contentType: string | undefined, by: Actor, now: Instant, ctx: RequestContext): Promise<UploadedEvidence> {
    const via = await this.authorizeUpload(by, now);
    const type = this.precheck(contentType, bytes.length);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const cmd = { type: 'UploadEvidence' as const, sha256, size: bytes.length, contentType: type, maxBytes: this.maxBytes, by, now };
    // The decider's refusals first (empty file...), with nothing stored.
    evidenceDecider.decide(cmd, await this.evidence(sha256));
    checkEvidenceContent(bytes, type);
    await this.evidenceStore.put(sha256, bytes, type);
    await handleCommand(this.store, evidenceStreamId(sha256), evidenceDecider, cmd, { ...ctx, actor: by, role: via });
    return { sha256, size: bytes.length, contentType: type };
  }

  /** The file, for those who may see the records of one of its uploaders; the bytes are re-hashed on the way out. */
  async download(sha256: string, by: Actor, now: Instant): Promise<{ bytes: Buffer; contentType: string }> {
    if (!SHA256_PATTERN.test(sha256)) throw badInput('INVALID_SHA256', 'sha256 is 64 lower-case hex digits', { sha256 });
    const state = await this.evidence(sha256);
    if (!state.uploaders.length) throw notFound('EVIDENCE_NOT_FOUND', 'no evidence file with this hash', { sha256 });
    let allowed = false;
    for (const nip of state.uploaders)
      if (await this.planning.people.allows(by, 'evidence.view', { kind: 'employee', nip }, now)) allowed = true;
    // Not allowed on any: the refusal of the first uploader's record names the reason.
    if (!allowed) await this.planning.people.authorize(by, 'evidence.view', { kind: 'employee', nip: state.uploaders[0] }, now);
    const bytes = await this.evidenceStore.get(sha256);
    if (!bytes) throw notFound('EVIDENCE_NOT_FOUND', 'the evidence file is missing from the store', { sha256 });
    return { bytes, contentType: state.contentType ?? 'application/octet-stream' };
  }

  async realisations(nip: Nip, period: string): Promise<RealisationState> {
    return (await readState(this.store, realisationStreamId(nip, period), realisationDecider)).state;
  }

  /** The indicators of the plan in force for the year, and whether one is approved. */
  async planFacts(nip: Nip, year: number): Promise<{ approved: boolean; indicators: { indicatorId: string; resultId: string }[] }> {
    const v = versionInForce(await this.planning.workPlan(nip, year));
    if (!v) return { approved: false, indicators: [] };
    return {
      approved: true,
      indicators: v.results.flatMap((r) => r.indicators.map((i) => ({ indicatorId: i.indicatorId, resultId: r.resultId }))),
    };
  }

  async command(req: RealisationRequest, ctx: RequestContext): Promise<CommandResult<RealisationEvent>> {
    const subject = { kind: 'employee' as const, nip: req.nip };
    let cmd: RealisationCommand;
    let via: string;
    if (req.type === 'RecordRealisation') {
      via = await this.planning.people.authorize(req.by, 'realisation.record', subject, req.now as Instant);
      const year = PERIOD_PATTERN.test(req.period) ? Number(req.period.slice(0, 4)) : NaN;
      const plan = Number.isNaN(year) ? { approved: false, indicators: [] } : await this.planFacts(req.nip, year);
      const storedFiles = new Map<string, StoredEvidence>();
      for (const item of Array.isArray(req.evidence) ? req.evidence : []) {
        if (item?.kind !== 'FILE' || !SHA256_PATTERN.test(item.sha256) || storedFiles.has(item.sha256)) continue;
        const s = await this.evidence(item.sha256);
        if (s.uploaders.length && s.size !== undefined && s.contentType && (await this.evidenceStore.has(item.sha256)))
          storedFiles.set(item.sha256, { size: s.size, contentType: s.contentType });
      }
      cmd = { ...req, plan, storedFiles };
    } else {
      via = await this.planning.people.authorize(req.by, 'realisation.answer', subject, req.now as Instant);
      cmd = req;
    }
    return handleCommand(this.store, realisationStreamId(req.nip, req.period), realisationDecider, cmd, {
      ...ctx,
      actor: req.by,
      role: via,
    });
  }
}
