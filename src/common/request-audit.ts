import { AsyncLocalStorage } from 'node:async_hooks';
import {
  EventSubscriber,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';

/** What the change adds to the request's event: the resource it created, what it did. */
export interface RequestAuditNote {
  resourceId?: string;
  details?: Record<string, unknown>;
}

/**
 * The success event of one mutating request, not yet written. The audit interceptor opens it;
 * the service whose transaction makes the request's change writes it there, last, so the event
 * commits or rolls back with the change.
 */
export interface PendingRequestAudit {
  /** Appends the event within `m`'s transaction (holding the chain lock until commit). */
  write(m: EntityManager, note: RequestAuditNote): Promise<void>;
  /** pending → in-transaction (written, not yet committed) → written; closed once the handler is done. */
  state: 'pending' | 'in-transaction' | 'written' | 'closed';
}

const context = new AsyncLocalStorage<PendingRequestAudit>();
/** The transactions holding a request's event until they end. */
const holding = new WeakMap<QueryRunner, PendingRequestAudit>();

export function withRequestAudit<T>(pending: PendingRequestAudit, fn: () => T): T {
  return context.run(pending, fn);
}

/**
 * Write the current request's success event in `m`'s transaction, as its last statement: if the
 * event cannot be written, the statement fails and the change rolls back with it (the error is the
 * caller's `write`'s: 503). Outside a mutating request (a worker, the CLI, a read) it does nothing,
 * and it writes at most one event per request. Call it only in the transaction that is the
 * request's change, and only when the request will succeed with that change. True when it wrote
 * the event (a service whose own event would repeat it can leave its own out).
 */
export async function auditRequestIn(m: EntityManager, note: RequestAuditNote = {}): Promise<boolean> {
  const pending = context.getStore();
  if (!pending || pending.state !== 'pending' || !m.queryRunner) return false;
  pending.state = 'in-transaction';
  holding.set(m.queryRunner, pending);
  try {
    await pending.write(m, note);
    return true;
  } catch (e) {
    holding.delete(m.queryRunner);
    pending.state = 'pending';
    throw e;
  }
}

/**
 * Settles a request's event when its transaction ends: committed, it is written; rolled back (a
 * later statement failed, or the commit), it is pending again and the interceptor writes the
 * outcome the client gets.
 */
@EventSubscriber()
export class RequestAuditSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (event.queryRunner.isTransactionActive) return; // a savepoint released; the transaction goes on
    const pending = holding.get(event.queryRunner);
    holding.delete(event.queryRunner);
    if (pending?.state === 'in-transaction') pending.state = 'written';
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const pending = holding.get(event.queryRunner);
    holding.delete(event.queryRunner);
    if (pending?.state === 'in-transaction') pending.state = 'pending';
  }
}
