import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Failed authentications in the current window for one client address or one presented credential. */
@Entity('auth_failures')
@Index('auth_failures_reset_at_idx', ['resetAt'])
export class AuthFailureEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'auth_failures_pkey' }) key!: string;
  @Column('integer') count!: number;
  @Column('timestamptz', { name: 'reset_at' }) resetAt!: Date;
}
