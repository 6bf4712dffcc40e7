import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The per-year reference counter. Incremented with `INSERT .. ON CONFLICT DO UPDATE .. RETURNING`
 * inside the complaint's own transaction: concurrent creates queue on the row, so references are
 * consecutive and a rolled-back create gives its number back instead of leaving a gap.
 */
@Entity({ name: 'complaint_reference_counters' })
export class ComplaintReferenceCounter {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_complaint_reference_counters' })
  year!: number;

  @Column({ name: 'last_value', type: 'integer' })
  lastValue!: number;
}
