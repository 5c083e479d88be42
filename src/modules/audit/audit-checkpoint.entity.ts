import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The chain head at `seq`, signed through KMS; append-only like the events. */
@Entity('audit_checkpoints')
export class AuditCheckpointEntity {
  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'audit_checkpoints_pkey' }) seq!: string;
  @Column('bytea', { name: 'head_hash' }) headHash!: Buffer;
  @Column('timestamptz', { name: 'signed_at' }) signedAt!: Date;
  @Column('text', { name: 'key_id' }) keyId!: string;
  @Column('text') algorithm!: string;
  @Column('bytea') signature!: Buffer;
}
