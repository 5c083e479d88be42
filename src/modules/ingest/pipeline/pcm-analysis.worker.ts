/**
 * A sample-analysis thread (see PcmAnalysis): one analysis at a time — `start`
 * with its spec, samples acked for flow control, `finish` answered with the
 * result — then ready for the next.
 */
import { parentPort } from 'node:worker_threads';
import { createAnalyzer, type AnalysisSpec, type Analyzer, type WorkerMessage } from './pcm-analysis';

type Command = { type: 'start'; spec: AnalysisSpec } | { type: 'push'; pcm: Int16Array } | { type: 'finish' };

const port = parentPort;
if (port) {
  let analyzer: Analyzer | undefined;
  const send = (m: WorkerMessage) => port.postMessage(m);
  port.on('message', (m: Command) => {
    try {
      if (m.type === 'start') analyzer = createAnalyzer(m.spec);
      else if (!analyzer) throw new Error('no analysis started');
      else if (m.type === 'push') {
        analyzer.push(m.pcm);
        send({ type: 'ack', bytes: m.pcm.byteLength });
      } else {
        const result = analyzer.finish();
        analyzer = undefined;
        send({ type: 'result', result });
      }
    } catch (e) {
      analyzer = undefined;
      send({ type: 'error', message: e instanceof Error ? e.message : 'unknown error' });
    }
  });
}
