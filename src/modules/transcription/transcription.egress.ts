import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { Agent } from 'undici';
import { egressAgent, egressPolicy } from '../../common/egress/egress-policy';
import { TranscriptionError } from './transcription.types';

/**
 * The one way the transcription engines reach the network: plain HTTP and private,
 * loopback, link-local and cloud metadata addresses are refused, except for hosts the
 * operator allowed (a self-hosted Whisper server on a private address). Checked when
 * the URL is set and before each request (with the engine-specific messages below),
 * and again at connect time on the addresses that connection resolves, through the
 * shared egress policy's agent (src/common/egress): a rebinding DNS server cannot
 * slip a private address in between.
 */
export interface EgressPolicy {
  allowedHosts: readonly string[];
}

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 127],
  ['::ffff:0:0', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['fd00:ec2::', 32],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6');

function allowed(policy: EgressPolicy, host: string): boolean {
  return policy.allowedHosts.includes(host.toLowerCase().replace(/^\[|\]$/g, ''));
}

/** Refuses a URL the policy does not allow before anything is sent; the message names the host, never a credential. */
export async function checkEgress(url: URL, policy: EgressPolicy): Promise<void> {
  if (url.username || url.password) throw new TranscriptionError('engine URL must not carry credentials', false);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowed(policy, host)) return;
  if (url.protocol !== 'https:') throw new TranscriptionError(`engine ${host} must be reached over https`, false);
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  for (const a of addresses) {
    if (PRIVATE.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4'))
      throw new TranscriptionError(`engine ${host} resolves to a private or reserved address`, false);
  }
}

async function resolve(host: string): Promise<{ address: string; family: number }[]> {
  try {
    return await lookup(host, { all: true });
  } catch (e) {
    throw new TranscriptionError(`engine ${host} cannot be resolved`, true, { cause: e });
  }
}

/** One connection-checking agent per allow-list, reused across requests. */
const agents = new Map<string, Agent>();

function agentFor(policy: EgressPolicy): Agent {
  const hosts = policy.allowedHosts.join(',');
  let agent = agents.get(hosts);
  if (!agent) {
    // The engine allow-list means both: reachable at a private address and over plain HTTP.
    agent = egressAgent(egressPolicy(hosts, hosts));
    agents.set(hosts, agent);
  }
  return agent;
}

/** `fetch` behind the policy, without following redirects (a redirect could lead past it). */
export async function egressFetch(url: URL, init: RequestInit, policy: EgressPolicy): Promise<Response> {
  await checkEgress(url, policy);
  return fetch(url, { ...init, redirect: 'error', dispatcher: agentFor(policy) });
}
