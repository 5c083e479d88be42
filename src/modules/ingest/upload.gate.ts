import { AppException } from '../../common/errors/app.exception';

/**
 * At most `max` uploads stream through this process at once. Each holds
 * bounded buffers (multipart parts in flight, cipher state), so the cap bounds
 * the heap; one more is refused at once with 503 BUSY and Retry-After rather
 * than queued, since a queued upload would hold its connection and socket
 * buffers anyway.
 */
export class UploadGate {
  private active = 0;

  constructor(
    private readonly max: number,
    private readonly retryAfterSec: number,
  ) {}

  /** A slot, or BUSY; call the returned function exactly once when the upload is finished either way. */
  enter(): () => void {
    if (this.active >= this.max) {
      throw new AppException('BUSY', `Too many uploads in progress (${this.max}); retry later`, {
        headers: { 'Retry-After': String(this.retryAfterSec) },
      });
    }
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
    };
  }

  get inFlight(): number {
    return this.active;
  }
}
