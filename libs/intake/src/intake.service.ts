import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ComplaintReferenceService, ComplaintsService, SUMMARY_MAX } from '@mc/complaints';
import { EmployersService } from '@mc/employers';
import { WorkersService } from '@mc/migrants';
import { NotificationsService } from '@mc/notifications';
import { AuditService, usersRepository, type PublicIntakeActor, type RequestMeta } from '@mc/security';
import type { IntakeSubmission } from './intake-submission.js';
import { ComplaintStatusToken } from './status-token.entity.js';
import { newStatusToken, statusTokenHash } from './status-token.js';

export interface IntakeReceipt {
  reference: string;
  /** Shown once, never stored: only its hash is. */
  statusToken: string;
}

const PUBLIC: PublicIntakeActor = { kind: 'public' };

/** The first `SUMMARY_MAX` characters of the description (the whole of it goes to the facts), cut at a word where one is near. */
export function summaryOf(description: string): string {
  const oneLine = description.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= SUMMARY_MAX) return oneLine;
  const cut = oneLine.slice(0, SUMMARY_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > SUMMARY_MAX - 80 ? cut.slice(0, space) : cut}…`;
}

/**
 * A complaint from the public intake page: the person (encrypted, in their language, with the
 * consent they chose), the employer (a strong fuzzy match or a new unverified record), the
 * complaint (`source: public_intake`, status `new`, deadlines from the dismissal date), its
 * status token and the coordinators' notifications, in one transaction: all of it or nothing.
 */
@Injectable()
export class IntakeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workers: WorkersService,
    private readonly employers: EmployersService,
    private readonly complaints: ComplaintsService,
    private readonly references: ComplaintReferenceService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async submit(submission: IntakeSubmission, meta: RequestMeta = {}): Promise<IntakeReceipt> {
    const statusToken = newStatusToken();
    // Before the transaction: taking it inside would hold the year's counter for the whole write.
    const complaintReference = await this.references.next();
    // Audit rows at the end: the chain lock is then held only while they are written (burst of 200/s).
    const reference = await this.db.transaction((manager) =>
      this.audit.deferUntilEnd(manager, async () => {
        const { contact } = submission;
        const { worker } = await this.workers.create(
          {
            fullName: submission.name,
            preferredLanguage: submission.language,
            phone: contact.phone,
            email: contact.email,
            telegram: contact.telegram,
            countryOfWork: submission.countryOfWork,
            city: submission.city,
            // Not asked on the page: a frightened person should not have to state it to be heard.
            residenceStatus: 'unknown',
            consent: {
              dataProcessing: true,
              partnerSharing: submission.consent.partnerSharing,
              contactChannels: (['telegram', 'phone', 'email'] as const).filter((channel) => contact[channel] !== null),
            },
          },
          PUBLIC,
          meta,
          manager,
        );
        const { employerId } = await this.employers.matchOrCreateUnverified(
          manager,
          { name: submission.employerName, country: submission.countryOfWork, city: submission.employerCity },
          PUBLIC,
          meta,
        );
        const summary = summaryOf(submission.description);
        const complaint = await this.complaints.create(
          {
            workerIds: [worker.id],
            employerId,
            categories: submission.categories,
            summary,
            facts: summary === submission.description ? null : submission.description,
            countryOfWork: submission.countryOfWork,
            city: submission.city,
            keyDates: { dismissalNoticeReceived: submission.dismissalNoticeReceived },
            amountClaimed: submission.amountOwed,
          },
          PUBLIC,
          meta,
          { manager, reference: complaintReference, workersCreatedHere: [worker.id] },
        );
        await manager.insert(ComplaintStatusToken, {
          complaintId: complaint.id,
          tokenHash: statusTokenHash(statusToken),
          language: submission.language,
          createdAt: new Date(),
        });
        await this.notifyCoordinators(manager, complaint.id, complaint.reference);
        return complaint.reference;
      }),
    );
    return { reference, statusToken };
  }

  /** Coordinators triage new complaints; without one, the admins get it, so nobody misses it. */
  private async notifyCoordinators(manager: EntityManager, complaintId: string, reference: string): Promise<void> {
    let recipients = await usersRepository.activeIdsInRoles(manager, ['coordinator']);
    if (recipients.length === 0) recipients = await usersRepository.activeIdsInRoles(manager, ['admin']);
    for (const userId of recipients) {
      await this.notifications.notify(manager, {
        userId,
        kind: 'intake.received',
        params: { reference },
        complaintId,
      });
    }
  }
}
