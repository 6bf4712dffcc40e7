import { MigrationInterface, QueryRunner } from 'typeorm';

export class CoreCaseDomain1795464235821 implements MigrationInterface {
  name = 'CoreCaseDomain1795464235821';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "employers" (
                "id" uuid NOT NULL,
                "name" text NOT NULL,
                "search_name" text NOT NULL,
                "kind" text NOT NULL,
                "registry_number" text,
                "registry_number_norm" text,
                "vat_id" text,
                "country" character(2) NOT NULL,
                "city" text,
                "address" text,
                "address_enc" text,
                "website" text,
                "sector" character(1),
                "parent_employer_id" uuid,
                "merged_into_id" uuid,
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "PK_employers" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_employers_registry_number_norm" ON "employers" ("registry_number_norm")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_employers_country" ON "employers" ("country")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_employers_parent" ON "employers" ("parent_employer_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_employers_merged_into" ON "employers" ("merged_into_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "employer_aliases" (
                "id" uuid NOT NULL,
                "employer_id" uuid NOT NULL,
                "alias" text NOT NULL,
                "search_name" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_employer_aliases" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_employer_aliases_employer_search" ON "employer_aliases" ("employer_id", "search_name")
        `);
    await queryRunner.query(`
            CREATE TABLE "idempotency_keys" (
                "scope" text NOT NULL,
                "key" text NOT NULL,
                "request_hash" character(64) NOT NULL,
                "status_code" integer,
                "response_enc" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_idempotency_keys" PRIMARY KEY ("scope", "key")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_idempotency_keys_expires_at" ON "idempotency_keys" ("expires_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "complaints" (
                "id" uuid NOT NULL,
                "reference" text NOT NULL,
                "reference_year" integer NOT NULL,
                "reference_seq" integer NOT NULL,
                "status" text NOT NULL DEFAULT 'new',
                "outcome" text,
                "status_reason_enc" text,
                "categories" text array NOT NULL,
                "summary_enc" text NOT NULL,
                "facts_enc" text,
                "data_key_wrapped" bytea NOT NULL,
                "data_key_master_id" text NOT NULL,
                "employer_id" uuid NOT NULL,
                "country_of_work" character(2) NOT NULL,
                "region" text,
                "city" text,
                "employment_start" date,
                "employment_end" date,
                "dismissal_notice_received" date,
                "fixed_term_end" date,
                "wage_due" date,
                "facts_known" date,
                "discrimination_known" date,
                "agg_claim_asserted" date,
                "amount_claimed" numeric(14, 2),
                "amount_claimed_currency" character(3),
                "amount_recovered" numeric(14, 2),
                "amount_recovered_currency" character(3),
                "workers_affected" integer NOT NULL,
                "priority" text NOT NULL DEFAULT 'normal',
                "source" text NOT NULL DEFAULT 'caseworker',
                "assignee_id" uuid,
                "created_by" uuid,
                "clock_paused_at" TIMESTAMP WITH TIME ZONE,
                "clock_paused_seconds" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "resolved_at" TIMESTAMP WITH TIME ZONE,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "chk_complaints_amount_recovered" CHECK (
                    ("amount_recovered" IS NULL) = ("amount_recovered_currency" IS NULL)
                ),
                CONSTRAINT "chk_complaints_amount_claimed" CHECK (
                    ("amount_claimed" IS NULL) = ("amount_claimed_currency" IS NULL)
                ),
                CONSTRAINT "PK_complaints" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_complaints_reference" ON "complaints" ("reference")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_status" ON "complaints" ("status")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_employer" ON "complaints" ("employer_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_country" ON "complaints" ("country_of_work")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_assignee" ON "complaints" ("assignee_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_created_by" ON "complaints" ("created_by")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaints_created_at" ON "complaints" ("created_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_complaints_reference_year_seq" ON "complaints" ("reference_year", "reference_seq")
        `);
    await queryRunner.query(`
            CREATE TABLE "complaint_attachments" (
                "id" uuid NOT NULL,
                "complaint_id" uuid NOT NULL,
                "uploaded_by" uuid,
                "file_name_enc" text NOT NULL,
                "content_type" text NOT NULL,
                "size_bytes" integer NOT NULL,
                "storage_key" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_complaint_attachments" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaint_attachments_complaint" ON "complaint_attachments" ("complaint_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "migrant_workers" (
                "id" uuid NOT NULL,
                "full_name_enc" text,
                "full_name_latin_enc" text,
                "nationality_enc" text,
                "phone_enc" text,
                "email_enc" text,
                "telegram_enc" text,
                "residence_status_enc" text,
                "phone_bidx" character(64),
                "email_bidx" character(64),
                "telegram_bidx" character(64),
                "preferred_language" text NOT NULL,
                "country_of_work" character(2) NOT NULL,
                "city" text,
                "consent_data_processing" boolean NOT NULL,
                "consent_partner_sharing" text NOT NULL DEFAULT 'none',
                "consent_contact_channels" text array NOT NULL DEFAULT '{}',
                "consent_version" text NOT NULL,
                "consent_given_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "data_key_wrapped" bytea,
                "data_key_master_id" text,
                "erased_at" TIMESTAMP WITH TIME ZONE,
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "PK_migrant_workers" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_migrant_workers_phone_bidx" ON "migrant_workers" ("phone_bidx")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_migrant_workers_email_bidx" ON "migrant_workers" ("email_bidx")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_migrant_workers_telegram_bidx" ON "migrant_workers" ("telegram_bidx")
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_migrant_workers_created_by" ON "migrant_workers" ("created_by")
        `);
    await queryRunner.query(`
            CREATE TABLE "complaint_workers" (
                "complaint_id" uuid NOT NULL,
                "worker_id" uuid NOT NULL,
                CONSTRAINT "PK_complaint_workers" PRIMARY KEY ("complaint_id", "worker_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaint_workers_worker" ON "complaint_workers" ("worker_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "complaint_intermediaries" (
                "complaint_id" uuid NOT NULL,
                "employer_id" uuid NOT NULL,
                CONSTRAINT "PK_complaint_intermediaries" PRIMARY KEY ("complaint_id", "employer_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaint_intermediaries_employer" ON "complaint_intermediaries" ("employer_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "complaint_notes" (
                "id" uuid NOT NULL,
                "complaint_id" uuid NOT NULL,
                "author_id" uuid,
                "visibility" text NOT NULL,
                "body_enc" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_complaint_notes" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_complaint_notes_complaint" ON "complaint_notes" ("complaint_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "complaint_reference_counters" (
                "year" integer NOT NULL,
                "last_value" integer NOT NULL,
                CONSTRAINT "PK_complaint_reference_counters" PRIMARY KEY ("year")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "timeline_events" (
                "id" uuid NOT NULL,
                "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "complaint_id" uuid NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "actor_type" text NOT NULL,
                "actor_id" uuid,
                "type" text NOT NULL,
                "data" jsonb NOT NULL DEFAULT '{}',
                CONSTRAINT "PK_timeline_events" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_timeline_events_complaint" ON "timeline_events" ("complaint_id", "seq")
        `);
    await queryRunner.query(`
            ALTER TABLE "employers"
            ADD CONSTRAINT "fk_employers_parent" FOREIGN KEY ("parent_employer_id") REFERENCES "employers"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "employers"
            ADD CONSTRAINT "fk_employers_merged_into" FOREIGN KEY ("merged_into_id") REFERENCES "employers"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "employer_aliases"
            ADD CONSTRAINT "fk_employer_aliases_employer" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD CONSTRAINT "fk_complaints_employer" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD CONSTRAINT "fk_complaints_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD CONSTRAINT "fk_complaints_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_attachments"
            ADD CONSTRAINT "fk_complaint_attachments_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_workers"
            ADD CONSTRAINT "fk_complaint_workers_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_workers"
            ADD CONSTRAINT "fk_complaint_workers_worker" FOREIGN KEY ("worker_id") REFERENCES "migrant_workers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_intermediaries"
            ADD CONSTRAINT "fk_complaint_intermediaries_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_intermediaries"
            ADD CONSTRAINT "fk_complaint_intermediaries_employer" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_notes"
            ADD CONSTRAINT "fk_complaint_notes_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "timeline_events"
            ADD CONSTRAINT "fk_timeline_events_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    // Fuzzy employer search (typos, word order, transliteration) over the normalised names:
    // GIN trigram indexes, which TypeORM cannot declare (entities mark them synchronize: false).
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX "idx_employers_search_name_trgm" ON "employers" USING gin ("search_name" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_employer_aliases_search_name_trgm" ON "employer_aliases" USING gin ("search_name" gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_employer_aliases_search_name_trgm"`);
    await queryRunner.query(`DROP INDEX "idx_employers_search_name_trgm"`);
    await queryRunner.query(`
            ALTER TABLE "timeline_events" DROP CONSTRAINT "fk_timeline_events_complaint"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_notes" DROP CONSTRAINT "fk_complaint_notes_complaint"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_intermediaries" DROP CONSTRAINT "fk_complaint_intermediaries_employer"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_intermediaries" DROP CONSTRAINT "fk_complaint_intermediaries_complaint"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_workers" DROP CONSTRAINT "fk_complaint_workers_worker"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_workers" DROP CONSTRAINT "fk_complaint_workers_complaint"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaint_attachments" DROP CONSTRAINT "fk_complaint_attachments_complaint"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP CONSTRAINT "fk_complaints_created_by"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP CONSTRAINT "fk_complaints_assignee"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP CONSTRAINT "fk_complaints_employer"
        `);
    await queryRunner.query(`
            ALTER TABLE "employer_aliases" DROP CONSTRAINT "fk_employer_aliases_employer"
        `);
    await queryRunner.query(`
            ALTER TABLE "employers" DROP CONSTRAINT "fk_employers_merged_into"
        `);
    await queryRunner.query(`
            ALTER TABLE "employers" DROP CONSTRAINT "fk_employers_parent"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_timeline_events_complaint"
        `);
    await queryRunner.query(`
            DROP TABLE "timeline_events"
        `);
    await queryRunner.query(`
            DROP TABLE "complaint_reference_counters"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaint_notes_complaint"
        `);
    await queryRunner.query(`
            DROP TABLE "complaint_notes"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaint_intermediaries_employer"
        `);
    await queryRunner.query(`
            DROP TABLE "complaint_intermediaries"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaint_workers_worker"
        `);
    await queryRunner.query(`
            DROP TABLE "complaint_workers"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_migrant_workers_created_by"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_migrant_workers_telegram_bidx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_migrant_workers_email_bidx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_migrant_workers_phone_bidx"
        `);
    await queryRunner.query(`
            DROP TABLE "migrant_workers"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaint_attachments_complaint"
        `);
    await queryRunner.query(`
            DROP TABLE "complaint_attachments"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_complaints_reference_year_seq"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_created_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_created_by"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_assignee"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_country"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_employer"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_status"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_complaints_reference"
        `);
    await queryRunner.query(`
            DROP TABLE "complaints"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_idempotency_keys_expires_at"
        `);
    await queryRunner.query(`
            DROP TABLE "idempotency_keys"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_employer_aliases_employer_search"
        `);
    await queryRunner.query(`
            DROP TABLE "employer_aliases"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_employers_merged_into"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_employers_parent"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_employers_country"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idx_employers_registry_number_norm"
        `);
    await queryRunner.query(`
            DROP TABLE "employers"
        `);
  }
}
