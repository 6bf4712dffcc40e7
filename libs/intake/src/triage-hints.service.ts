import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { complaintsNamingWorkers, sameEmployerComplaintsWithin, workerIdsOfComplaints } from '@mc/complaints';
import { workersSharingContacts } from '@mc/migrants';
import type { AnyActor } from '@mc/security';

/** Why another complaint may be the same dispute, or the same person filing again. */
export type DuplicateHintReason = 'phone' | 'email' | 'telegram' | 'same_employer';

export interface DuplicateHint {
  complaintId: string;
  reference: string;
  reasons: DuplicateHintReason[];
}

/** "Filed within 30 days" of the issue: the same dispute told twice, or a wave at one employer. */
export const SAME_EMPLOYER_DAYS = 30;
/** Enough to act on; a longer list means the employer is a known offender, which the stats say. */
const HINTS_PER_COMPLAINT = 10;

/**
 * Duplicate hints for the triage list of self-filed complaints: other complaints whose worker
 * has the same phone, e-mail or Telegram (blind index: exact match of the normalised value) and
 * complaints against the same employer filed within 30 days. Only complaints the actor may open.
 */
@Injectable()
export class TriageHintsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async hintsFor(complaintIds: readonly string[], actor: AnyActor): Promise<Map<string, DuplicateHint[]>> {
    const manager = this.db.manager;
    const result = new Map<string, DuplicateHint[]>();
    if (complaintIds.length === 0) return result;
    const workersOf = await workerIdsOfComplaints(manager, complaintIds);
    const shares = await workersSharingContacts(manager, [...new Set([...workersOf.values()].flat())]);
    const complaintsOfOthers = await complaintsNamingWorkers(
      manager,
      [...new Set(shares.map((share) => share.otherWorkerId))],
      actor,
    );
    const sameEmployer = await sameEmployerComplaintsWithin(manager, complaintIds, SAME_EMPLOYER_DAYS, actor);

    for (const complaintId of complaintIds) {
      const hints = new Map<string, DuplicateHint>();
      const add = (other: { complaintId: string; reference: string }, reasons: readonly DuplicateHintReason[]) => {
        if (other.complaintId === complaintId) return;
        const hint = hints.get(other.complaintId) ?? { ...other, reasons: [] };
        for (const reason of reasons) if (!hint.reasons.includes(reason)) hint.reasons.push(reason);
        hints.set(other.complaintId, hint);
      };
      const workers = new Set(workersOf.get(complaintId) ?? []);
      for (const share of shares) {
        if (!workers.has(share.workerId)) continue;
        for (const other of complaintsOfOthers.get(share.otherWorkerId) ?? []) add(other, share.fields);
      }
      for (const other of sameEmployer.get(complaintId) ?? []) add(other, ['same_employer']);
      // Newest first (UUID v7 ids sort by creation), as the list they appear in.
      const sorted = [...hints.values()].sort((a, b) => (a.complaintId < b.complaintId ? 1 : -1));
      result.set(complaintId, sorted.slice(0, HINTS_PER_COMPLAINT));
    }
    return result;
  }
}
