import { progressLine } from './bulk-job.cli';

const job = { id: 'j', kind: 'import', total: 200, etaSeconds: 41 };

describe('jobs:watch output', () => {
  it('draws a bar on a terminal and a plain line otherwise', () => {
    expect(progressLine({ ...job, status: 'running', done: 63, failed: 1 }, 10)).toBe(
      '[###-------] 64/200 (1 failed) running eta 41s',
    );
    expect(progressLine({ ...job, status: 'succeeded', done: 200, failed: 0, etaSeconds: null }, 0)).toBe(
      '200/200 succeeded',
    );
  });
});
