import { MediaProcessingError } from '../media/media.errors';
import { errorDetail } from './job.context';

describe('errorDetail', () => {
  it("gives a failed tool's stderr tail, bounded to its last 1,000 characters", () => {
    const tail = `${'x'.repeat(1500)}[mp3 @ 0x1] Header missing`;
    const detail = errorDetail(new MediaProcessingError('the output decoder exited with code 1', tail));
    expect(detail.stderr).toHaveLength(1000);
    expect(detail.stderr?.endsWith('Header missing')).toBe(true);
  });

  it('gives nothing for an error without one, or with an empty one', () => {
    expect(errorDetail(new Error('boom'))).toEqual({});
    expect(errorDetail(new MediaProcessingError('killed'))).toEqual({});
    expect(errorDetail('not an error')).toEqual({});
  });
});
