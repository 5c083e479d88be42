import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  checkEgressUrl,
  egressAgent,
  egressFetch,
  egressPolicy,
  EgressRefusedError,
  refusedAddressReason,
  type EgressPolicy,
} from './egress-policy';

const open = egressPolicy();

describe('egress policy', () => {
  describe('addresses', () => {
    it.each([
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.254', 'private'],
      ['192.168.1.1', 'private'],
      ['169.254.169.254', 'link-local'],
      ['169.254.1.1', 'link-local'],
      ['100.64.0.1', 'carrier-grade'],
      ['100.100.100.200', 'carrier-grade'],
      ['224.0.0.1', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['0.0.0.0', 'unspecified'],
      ['255.255.255.255', 'broadcast'],
      ['::1', 'loopback'],
      ['::', 'unspecified'],
      ['fe80::1', 'link-local'],
      ['fe80::1%eth0', 'link-local'],
      ['fc00::1', 'private'],
      ['fd00:ec2::254', 'private'],
      ['ff02::1', 'multicast'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['::ffff:169.254.169.254', 'link-local'],
      ['::ffff:10.0.0.1', 'private'],
      ['::127.0.0.1', 'loopback'],
      ['::a00:1', 'private'],
      ['64:ff9b::7f00:1', 'loopback'],
      ['64:ff9b::a9fe:a9fe', 'link-local'],
      ['64:ff9b:1::c0a8:101', 'private'],
      ['2002:7f00:1::1', 'loopback'],
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'tunnel'],
    ])('refuses %s (%s)', (address, kind) => {
      expect(refusedAddressReason(address)).toContain(kind);
    });

    it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '1.1.1.1'])(
      'allows public %s',
      (address) => {
        expect(refusedAddressReason(address)).toBeNull();
      },
    );

    it('refuses what is not an address at all', () => {
      expect(refusedAddressReason('localhost')).toBe('not an IP address');
    });
  });

  describe('URLs at configuration time', () => {
    it.each([
      'https://127.0.0.1/hook',
      'https://2130706433/hook', // decimal 127.0.0.1
      'https://0177.0.0.1/hook', // octal
      'https://0x7f.0.0.1/hook', // hex
      'https://0x7f000001/hook',
      'https://127.1/hook', // short form
      'https://017700000001/',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://[::ffff:a9fe:a9fe]/latest/meta-data',
      'https://169.254.169.254/latest/meta-data',
      'https://2852039166/', // decimal 169.254.169.254
      'https://[fd00:ec2::254]/',
      'https://10.0.0.5:8443/',
      'https://100.64.1.1/',
      'https://0.0.0.0/',
      'https://localhost/hook',
      'https://LOCALHOST./hook',
      'https://[64:ff9b::a00:1]/',
    ])('refuses %s', async (url) => {
      await expect(checkEgressUrl(url, open)).rejects.toBeInstanceOf(EgressRefusedError);
    });

    it('names the reason without echoing credentials', async () => {
      await expect(checkEgressUrl('https://2130706433/x', open)).rejects.toThrow('127.0.0.1 is a loopback address');
      const err = await checkEgressUrl('https://user:s3cret@example.com/', open).catch((e: unknown) => e);
      expect(String(err)).toContain('must not carry credentials');
      expect(String(err)).not.toContain('s3cret');
    });

    it('requires https unless the operator allows plain http for the host', async () => {
      const resolve = () => Promise.resolve(['93.184.216.34']);
      await expect(checkEgressUrl('http://hooks.example.com/', { ...open, resolve })).rejects.toThrow('must use https');
      await expect(checkEgressUrl('ftp://hooks.example.com/', { ...open, resolve })).rejects.toThrow('must use https');
      const plain = { ...egressPolicy('', 'hooks.example.com'), resolve };
      await expect(checkEgressUrl('http://hooks.example.com/', plain)).resolves.toBeInstanceOf(URL);
      await expect(checkEgressUrl('http://other.example.com/', plain)).rejects.toThrow('must use https');
    });

    it('refuses a name when any of its addresses is internal', async () => {
      const resolve = () => Promise.resolve(['93.184.216.34', '10.0.0.7']);
      await expect(checkEgressUrl('https://mixed.example.com/', { ...open, resolve })).rejects.toThrow(
        'mixed.example.com resolves to a private address',
      );
    });

    it('refuses a name that does not resolve', async () => {
      await expect(checkEgressUrl('https://no-such-host.invalid/', open)).rejects.toThrow('does not resolve');
    });

    it('lets the operator allow named internal hosts and ranges', async () => {
      await expect(checkEgressUrl('https://localhost/hook', egressPolicy('localhost'))).resolves.toBeInstanceOf(URL);
      await expect(checkEgressUrl('https://10.2.3.4/', egressPolicy('10.0.0.0/8'))).resolves.toBeInstanceOf(URL);
      await expect(checkEgressUrl('https://10.2.3.4/', egressPolicy('10.9.0.0/16'))).rejects.toThrow('private');
      await expect(checkEgressUrl('https://[::1]/', egressPolicy('::1'))).resolves.toBeInstanceOf(URL);
    });
  });

  describe('at connection time', () => {
    let server: http.Server;
    let hits: string[];
    let port: number;

    beforeAll(async () => {
      hits = [];
      server = http.createServer((req, res) => {
        hits.push(req.url ?? '');
        if (req.url === '/redirect') return res.writeHead(302, { Location: `http://127.0.0.1:${port}/landed` }).end();
        res.writeHead(200).end('ok');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));
    beforeEach(() => (hits = []));

    it('delivers to an allowed host', async () => {
      const policy = egressPolicy('localhost', 'localhost');
      const agent = egressAgent(policy);
      const res = await egressFetch(`http://localhost:${port}/ok`, { method: 'POST', body: 'x' }, policy, agent);
      expect(await res.text()).toBe('ok');
      expect(hits).toEqual(['/ok']);
      await agent.close();
    });

    it('refuses a name that re-resolves to loopback after the check (DNS rebinding)', async () => {
      let calls = 0;
      const policy: EgressPolicy = {
        ...egressPolicy('', 'rebind.example.com'),
        // First answer (the check) public, every later one loopback: a rebinding resolver.
        resolve: () => Promise.resolve([calls++ === 0 ? '93.184.216.34' : '127.0.0.1']),
      };
      const agent = egressAgent(policy);
      const err = await egressFetch(`http://rebind.example.com:${port}/x`, {}, policy, agent).catch((e: unknown) => e);
      expect(calls).toBe(2);
      expect(err).toBeInstanceOf(TypeError);
      expect(String((err as Error).cause)).toContain('rebind.example.com resolves to a loopback address');
      expect(hits).toEqual([]);
      await agent.close();
    });

    it('refuses an IP-literal target even without the URL check', async () => {
      const agent = egressAgent(open);
      const { fetch } = await import('undici');
      const err = await fetch(`http://127.0.0.1:${port}/direct`, { dispatcher: agent }).catch((e: unknown) => e);
      expect(String((err as Error).cause)).toContain('127.0.0.1 is a loopback address');
      expect(hits).toEqual([]);
      await agent.close();
    });

    it('follows no redirect', async () => {
      const policy = egressPolicy('localhost', 'localhost');
      const agent = egressAgent(policy);
      await expect(egressFetch(`http://localhost:${port}/redirect`, {}, policy, agent)).rejects.toThrow();
      expect(hits).toEqual(['/redirect']);
      await agent.close();
    });

    it('works as the dispatcher of the global fetch too', async () => {
      const policy = egressPolicy('', 'localhost');
      const agent = egressAgent(policy);
      const init = { dispatcher: agent, redirect: 'error' } as RequestInit;
      const err = await fetch(`http://localhost:${port}/global`, init).catch((e: unknown) => e);
      expect(String((err as Error).cause)).toContain('localhost resolves to a loopback address');
      expect(hits).toEqual([]);
      await agent.close();
    });
  });
});
