import * as dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector, fetch, type RequestInit, type Response } from 'undici';

/**
 * Where the vault may send requests on a tenant's behalf (webhooks, a transcription engine):
 * only public unicast addresses over HTTPS, unless the operator names a host.
 *
 * Use it twice:
 *  - `checkEgressUrl(url, policy)` when a URL is configured (and before each request): parses the
 *    URL, resolves every address of its host and refuses anything not public;
 *  - `egressAgent(policy)` as the undici dispatcher of every request: it re-checks the address the
 *    socket actually connects to, so a name that resolved to a public address at configuration
 *    time and to 127.0.0.1 now (DNS rebinding) is refused. `egressFetch` does both and refuses
 *    redirects.
 *
 * Hosts are compared after WHATWG URL normalisation, so decimal (2130706433), octal (0177.0.0.1),
 * hex (0x7f.1) and short (127.1) IPv4 spellings are the dotted address they mean.
 */
export interface EgressPolicy {
  /** Host names, IP literals or CIDR ranges the operator allows even when internal (lower case). */
  allowedHosts: readonly string[];
  /** Host names or IP literals that may be reached over plain http:. Everything else needs https:. */
  plainHttpHosts: readonly string[];
  /** Resolves a name to all its addresses; defaults to the system resolver (dns.lookup, all). */
  resolve?: (hostname: string) => Promise<string[]>;
}

/** The request was refused by the policy; `message` is safe to show to the caller (no secrets in URLs). */
export class EgressRefusedError extends Error {
  readonly code = 'EGRESS_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'EgressRefusedError';
  }
}

/** Builds a policy from comma-separated operator settings. */
export function egressPolicy(allowedHosts = '', plainHttpHosts = ''): EgressPolicy {
  const list = (v: string) =>
    v
      .split(',')
      .map((h) => normaliseHost(h))
      .filter((h) => h !== '');
  return { allowedHosts: list(allowedHosts), plainHttpHosts: list(plainHttpHosts) };
}

/**
 * Why an address must not be reached, or null when it is public unicast. IPv6 forms that carry an
 * IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96 and 64:ff9b:1::/48,
 * 6to4 2002::/16) are judged by the IPv4 address they carry.
 */
export function refusedAddressReason(address: string): string | null {
  const ip = address.replace(/^\[|\]$/g, '');
  if (!isIP(ip.split('%')[0] ?? '')) return 'not an IP address';
  let addr: ipaddr.IPv4 | ipaddr.IPv6 = ipaddr.parse(ip);
  if (addr instanceof ipaddr.IPv6 && !['loopback', 'unspecified'].includes(addr.range())) {
    const embedded = embeddedIPv4(addr);
    if (embedded === 'refuse') return 'an IPv6 tunnel address';
    if (embedded) addr = embedded;
  }
  const range = addr.range();
  return range === 'unicast' ? null : `a ${RANGE_NAMES[range] ?? range} address`;
}

/**
 * Checks a URL against the policy, resolving its host. Resolves to the parsed URL; rejects with
 * EgressRefusedError naming the reason.
 */
export async function checkEgressUrl(url: string, policy: EgressPolicy): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new EgressRefusedError('must be an absolute URL');
  }
  const host = normaliseHost(parsed.hostname);
  if (parsed.protocol === 'http:') {
    if (!policy.plainHttpHosts.includes(host))
      throw new EgressRefusedError(`must use https (plain http to ${host} is not allowed)`);
  } else if (parsed.protocol !== 'https:') {
    throw new EgressRefusedError('must use https');
  }
  if (parsed.username || parsed.password) throw new EgressRefusedError('must not carry credentials');
  await checkHost(host, policy);
  return parsed;
}

/**
 * An undici dispatcher that refuses to open a connection to an address the policy refuses,
 * checked on the addresses resolved for this very connection (and on IP-literal hosts).
 */
export function egressAgent(policy: EgressPolicy, opts: { connectTimeoutMs?: number } = {}): Agent {
  const connector = buildConnector({ lookup: egressLookup(policy), timeout: opts.connectTimeoutMs ?? 10_000 });
  return new Agent({
    connect: (options, callback) => {
      const host = normaliseHost(options.hostname);
      if (isIP(host)) {
        const reason = addressRefusal(host, host, policy);
        if (reason) {
          callback(new EgressRefusedError(reason), null);
          return;
        }
      }
      connector(options, callback);
    },
  });
}

/**
 * `fetch` through the policy: the URL is checked, the connection re-checked by `agent`
 * (from `egressAgent(policy)`, reuse it across requests) and any redirect is an error.
 */
export async function egressFetch(
  url: string,
  init: Omit<RequestInit, 'dispatcher' | 'redirect'>,
  policy: EgressPolicy,
  agent: Agent,
): Promise<Response> {
  await checkEgressUrl(url, policy);
  return fetch(url, { ...init, dispatcher: agent, redirect: 'error' });
}

/** A `lookup` for net/tls/http.Agent that fails when any resolved address is refused. */
export function egressLookup(policy: EgressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    const host = normaliseHost(hostname);
    resolveAll(host, policy).then(
      (addresses) => {
        for (const a of addresses) {
          const reason = addressRefusal(host, a, policy);
          if (reason) {
            callback(new EgressRefusedError(reason), '', 0);
            return;
          }
        }
        const first = addresses[0] ?? '';
        if (options.all) {
          (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(
            null,
            addresses.map((address) => ({ address, family: isIP(address) })),
          );
        } else callback(null, first, isIP(first));
      },
      () => callback(new EgressRefusedError(`${host} does not resolve`) as NodeJS.ErrnoException, '', 0),
    );
  };
}

async function checkHost(host: string, policy: EgressPolicy): Promise<void> {
  if (host === '') throw new EgressRefusedError('must name a host');
  // A host the operator named is trusted whatever it resolves to (it may not resolve from here yet).
  if (policy.allowedHosts.includes(host)) return;
  let addresses: string[];
  try {
    addresses = await resolveAll(host, policy);
  } catch {
    throw new EgressRefusedError(`${host} does not resolve`);
  }
  if (addresses.length === 0) throw new EgressRefusedError(`${host} does not resolve`);
  for (const a of addresses) {
    const reason = addressRefusal(host, a, policy);
    if (reason) throw new EgressRefusedError(reason);
  }
}

function addressRefusal(host: string, address: string, policy: EgressPolicy): string | null {
  if (policy.allowedHosts.includes(host) || policy.allowedHosts.includes(normaliseHost(address))) return null;
  const reason = refusedAddressReason(address);
  if (!reason) return null;
  if (inAllowedRange(address, policy)) return null;
  return host === normaliseHost(address) ? `${host} is ${reason}` : `${host} resolves to ${reason}`;
}

function inAllowedRange(address: string, policy: EgressPolicy): boolean {
  const ip = ipaddr.parse(normaliseHost(address).split('%')[0] ?? '');
  return policy.allowedHosts.some((entry) => {
    if (!ipaddr.isValidCIDR(entry)) return false;
    const [net, bits] = ipaddr.parseCIDR(entry);
    return net.kind() === ip.kind() && ip.match(net, bits);
  });
}

async function resolveAll(host: string, policy: EgressPolicy): Promise<string[]> {
  if (isIP(host)) return [host];
  if (policy.resolve) return policy.resolve(host);
  const found = await dns.promises.lookup(host, { all: true, order: 'verbatim' });
  return found.map((a) => a.address);
}

/** Lower case, no IPv6 brackets, no trailing dot (`localhost.` is `localhost`). */
function normaliseHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');
const NAT64_LOCAL = ipaddr.parseCIDR('64:ff9b:1::/48');
const SIX_TO_FOUR = ipaddr.parseCIDR('2002::/16');
const COMPATIBLE = ipaddr.parseCIDR('::/96');

function embeddedIPv4(addr: ipaddr.IPv6): ipaddr.IPv4 | 'refuse' | null {
  const bytes = addr.toByteArray();
  if (addr.isIPv4MappedAddress()) return addr.toIPv4Address();
  if (addr.match(NAT64) || addr.match(NAT64_LOCAL) || addr.match(COMPATIBLE))
    return new ipaddr.IPv4(bytes.slice(12, 16));
  if (addr.match(SIX_TO_FOUR)) return new ipaddr.IPv4(bytes.slice(2, 6));
  if (addr.range() === 'teredo' || addr.range() === 'rfc6145') return 'refuse';
  return null;
}

const RANGE_NAMES: Partial<Record<string, string>> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local (or cloud metadata)',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT (100.64.0.0/10)',
  private: 'private',
  uniqueLocal: 'unique-local (private)',
  reserved: 'reserved',
};
