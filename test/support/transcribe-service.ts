import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HeardAudio } from './transcription-engine';

interface Job {
  name: string;
  request: Record<string, unknown>;
  status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  polls: number;
  failureReason?: string;
  deleted?: boolean;
}

/**
 * Amazon Transcribe's batch API as the SDK speaks it (JSON 1.1: `POST /` with
 * `X-Amz-Target: Transcribe.<Operation>`, SigV4-signed): a job reads its media
 * from S3, "hears" it with `HeardAudio` and writes a Transcribe result document
 * with channel identification to the requested output key. `failJobs` makes
 * jobs end FAILED.
 */
export async function startTranscribeService(heard: HeardAudio) {
  const jobs = new Map<string, Job>();
  const calls: { target: string; authorization?: string }[] = [];
  const state: { s3?: S3Client; failJobs: boolean } = { failJobs: false };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      calls.push({ target, authorization: req.headers.authorization });
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      const error = (type: string, message: string) => answer(400, { __type: type, Message: message });
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        error('SerializationException', 'body is not JSON');
        return;
      }
      if (!String(req.headers.authorization).startsWith('AWS4-HMAC-SHA256 ')) {
        error('MissingAuthenticationTokenException', 'not signed');
        return;
      }
      const name = String(input.TranscriptionJobName);
      const view = (j: Job) => ({
        TranscriptionJobName: j.name,
        TranscriptionJobStatus: j.status,
        ...(j.failureReason ? { FailureReason: j.failureReason } : {}),
        ...(j.status === 'COMPLETED'
          ? {
              Transcript: {
                TranscriptFileUri: `https://s3.amazonaws.com/${String(j.request.OutputBucketName)}/${String(j.request.OutputKey)}`,
              },
            }
          : {}),
      });
      switch (target) {
        case 'Transcribe.StartTranscriptionJob': {
          if (jobs.has(name)) {
            error('ConflictException', 'job exists');
            return;
          }
          const job: Job = { name, request: input, status: 'IN_PROGRESS', polls: 0 };
          jobs.set(name, job);
          run(job).then(
            () => undefined,
            (e: unknown) => {
              job.status = 'FAILED';
              job.failureReason = `stand-in: ${String(e)}`;
            },
          );
          answer(200, { TranscriptionJob: view(job) });
          return;
        }
        case 'Transcribe.GetTranscriptionJob': {
          const job = jobs.get(name);
          if (!job || job.deleted) {
            error('NotFoundException', 'no such job');
            return;
          }
          job.polls++;
          answer(200, { TranscriptionJob: view(job) });
          return;
        }
        case 'Transcribe.DeleteTranscriptionJob': {
          const job = jobs.get(name);
          if (!job || job.deleted) {
            error('NotFoundException', 'no such job');
            return;
          }
          job.deleted = true;
          res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' });
          return res.end();
        }
        default: {
          error('UnknownOperationException', target);
          return;
        }
      }
    });
  });

  async function run(job: Job): Promise<void> {
    const s3 = state.s3;
    if (!s3) throw new Error('no S3 client');
    const uri = /^s3:\/\/([^/]+)\/(.+)$/.exec(String((job.request.Media as { MediaFileUri?: string }).MediaFileUri));
    if (!uri) throw new Error('bad MediaFileUri');
    const obj = await s3.send(new GetObjectCommand({ Bucket: uri[1], Key: uri[2] }));
    const wav = Buffer.from((await obj.Body?.transformToByteArray()) ?? []);
    if (state.failJobs) {
      job.status = 'FAILED';
      job.failureReason = 'The media format provided does not match the detected media format';
      return;
    }
    const channels = wav.readUInt16LE(22);
    const rate = wav.readUInt32LE(24);
    const data = new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.length));
    const frames = Math.floor(data.length / channels);
    const identify = (job.request.Settings as { ChannelIdentification?: boolean } | undefined)?.ChannelIdentification;
    const perChannel = Array.from({ length: channels }, (_, c) => {
      const pcm = new Int16Array(frames);
      for (let i = 0; i < frames; i++) pcm[i] = data[i * channels + c];
      const label = `ch_${c}`;
      return {
        channel_label: label,
        items: heard.hear(pcm, rate).words.map((w) => ({
          type: 'pronunciation',
          start_time: w.start.toFixed(3),
          end_time: w.end.toFixed(3),
          alternatives: [{ content: w.word.trim(), confidence: '0.97' }],
          ...(identify ? { channel_label: label } : {}),
        })),
      };
    });
    const items = perChannel.flatMap((c) => c.items).sort((a, b) => Number(a.start_time) - Number(b.start_time));
    const document = {
      jobName: job.name,
      accountId: '123456789012',
      status: 'COMPLETED',
      results: {
        transcripts: [{ transcript: items.map((i) => i.alternatives[0].content).join(' ') }],
        items,
        language_code: 'en-US',
        ...(identify ? { channel_labels: { channels: perChannel, number_of_channels: channels } } : {}),
      },
    };
    await s3.send(
      new PutObjectCommand({
        Bucket: String(job.request.OutputBucketName),
        Key: String(job.request.OutputKey),
        Body: JSON.stringify(document),
        ContentType: 'application/json',
      }),
    );
    job.status = 'COMPLETED';
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    jobs,
    calls,
    state,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
