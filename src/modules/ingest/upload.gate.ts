import { AppException } from '../../common/errors/app.exception';

/**
 * At most `max` uploads stream through this process at once, and at most
 * `perTenant` of them for one tenant. Each holds bounded buffers (multipart
 * parts in flight, cipher state), so the cap bounds the heap; the per-tenant
 * share keeps one tenant (or a client of theirs holding connections open) from
 * taking every slot. One more is refused at once with 503 BUSY and Retry-After
 * rather than queued, since a queued upload would hold its connection and
 * socket buffers anyway.
 */
export class UploadGate {
  private active = 0;
  private readonly byTenant = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly perTenant: number,
    private readonly retryAfterSec: number,
  ) {}

  /** A slot, or BUSY; call the returned function exactly once when the upload is finished either way. */
  enter(tenantId: string): () => void {
    const headers = { 'Retry-After': String(this.retryAfterSec) };
    if (this.active >= this.max)
      throw new AppException('BUSY', `Too many uploads in progress (${this.max}); retry later`, { headers });
    const mine = this.byTenant.get(tenantId) ?? 0;
    if (mine >= this.perTenant)
      throw new AppException(
        'BUSY',
        `Too many uploads in progress for this tenant (${this.perTenant} of ${this.max}); retry later`,
        { headers },
      );
    this.active++;
    this.byTenant.set(tenantId, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      const left = (this.byTenant.get(tenantId) ?? 1) - 1;
      if (left > 0) this.byTenant.set(tenantId, left);
      else this.byTenant.delete(tenantId);
    };
  }

  get inFlight(): number {
    return this.active;
  }
}
