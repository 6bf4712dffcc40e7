import { Column, PrimaryColumn, VersionColumn } from 'typeorm';

/*
 * Columns that many tables have, written once so that they stay alike. Each is exactly the
 * TypeORM decorator the entities used to spell out, so the schema they describe is unchanged;
 * a fresh options object per call, because TypeORM keeps the object it is given.
 */

/** A uuid primary key, under the constraint name the migration gave it. */
export function UuidPrimaryColumn(constraintName: string): PropertyDecorator {
  return PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: constraintName });
}

/** When the row was inserted, by the database's clock. */
export function CreatedAtColumn(): PropertyDecorator {
  return Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' });
}

/**
 * When the row last changed: written by the code that changes the row (raw SQL updates too), so a
 * plain column with the insert time as its default, not TypeORM's UpdateDateColumn.
 */
export function UpdatedAtColumn(): PropertyDecorator {
  return Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' });
}

/** The user who created the row, when a user did. */
export function CreatedByColumn(): PropertyDecorator {
  return Column({ name: 'created_by', type: 'uuid', nullable: true });
}

/** The row's version for optimistic locking (what clients send back as `expectedVersion`), from 1. */
export function RowVersionColumn(): PropertyDecorator {
  return VersionColumn({ type: 'integer', default: 1 });
}
