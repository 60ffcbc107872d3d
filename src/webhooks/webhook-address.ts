import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Where a webhook may be sent: the rules for its URL and for the addresses its host resolves to.
 * Pure functions (apart from the DNS lookup, which can be replaced), tested as tables in
 * webhook-address.spec.ts. Checked when an endpoint is registered and again before every delivery,
 * which then connects to exactly the address checked here (see webhook-http.ts).
 */

export type AddressKind =
  'public' | 'unspecified' | 'loopback' | 'private' | 'link-local' | 'shared' | 'unique-local' | 'multicast' | 'reserved';

const KIND_WORDS: Record<Exclude<AddressKind, 'public'>, string> = {
  unspecified: 'an unspecified address',
  loopback: 'a loopback address (the machine Ayni runs on)',
  private: 'a private network address',
  'link-local': 'a link-local address',
  shared: 'a carrier-grade NAT address',
  'unique-local': 'a unique local IPv6 address',
  multicast: 'a multicast address',
  reserved: 'a reserved or documentation address',
};

/** Outside production (local receivers allowed), these are accepted too; the others never are. */
const LOCAL_KINDS: readonly AddressKind[] = ['loopback', 'private', 'link-local', 'shared', 'unique-local'];

/** IPv4 blocks that are not on the public internet (RFC 6890 and friends): base, prefix length, kind. */
const V4_BLOCKS: ReadonlyArray<[string, number, AddressKind]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function v4Number(text: string): number {
  return text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

const V4_RANGES = V4_BLOCKS.map(([base, bits, kind]) => ({ start: v4Number(base), size: 2 ** (32 - bits), kind }));

function v4Kind(n: number): AddressKind {
  return V4_RANGES.find((r) => n >= r.start && n < r.start + r.size)?.kind ?? 'public';
}

/** The eight 16-bit groups of an IPv6 address (already known to be one), a zone (`%eth0`) ignored. */
function v6Groups(text: string): number[] {
  let s = text.split('%')[0].toLowerCase();
  const tail = s.slice(s.lastIndexOf(':') + 1);
  if (tail.includes('.')) {
    const n = v4Number(tail);
    s = `${s.slice(0, s.lastIndexOf(':') + 1)}${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const [head, rest] = s.split('::');
  const part = (x: string | undefined) => (x ? x.split(':').map((g) => parseInt(g, 16)) : []);
  const left = part(head);
  const right = part(rest);
  const fill = rest === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...fill, ...right];
}

function v6Kind(g: number[]): AddressKind {
  const embedded = (hi: number, lo: number) => v4Kind(hi * 65536 + lo);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return 'unspecified';
  if (zeros(0, 7) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d): the IPv4 address decides.
  if (zeros(0, 5) && g[5] === 0xffff) return embedded(g[6], g[7]);
  if (zeros(0, 6)) return 'reserved'; // IPv4-compatible, deprecated
  // NAT64 (64:ff9b::a.b.c.d) reaches the IPv4 address inside it.
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return embedded(g[6], g[7]);
  // 6to4 (2002:aabb:ccdd::) reaches the IPv4 address aa.bb.cc.dd.
  if (g[0] === 0x2002) return embedded(g[1], g[2]);
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'reserved'; // documentation
  if (g[0] === 0x2001 && g[1] < 0x0200) return 'reserved'; // IETF protocol assignments, Teredo among them
  if (g[0] === 0x3fff && g[1] < 0x1000) return 'reserved'; // documentation (3fff::/20)
  if (g[0] >= 0x2000 && g[0] <= 0x3fff) return 'public'; // global unicast, 2000::/3
  if ((g[0] & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'private'; // site-local, deprecated
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  return 'reserved';
}

/** What kind of address this is; anything that is not an IP address counts as reserved. */
export function addressKind(ip: string): AddressKind {
  const version = isIP(ip.split('%')[0]);
  if (version === 4) return v4Kind(v4Number(ip));
  if (version === 6) return v6Kind(v6Groups(ip));
  return 'reserved';
}

/** Why Ayni will not send to this address, or null when it may. */
export function addressRefusal(ip: string, localReceivers: boolean): string | null {
  const kind = addressKind(ip);
  if (kind === 'public' || (localReceivers && LOCAL_KINDS.includes(kind))) return null;
  return `${KIND_WORDS[kind]}, which Ayni does not send webhooks to`;
}

export const MAX_URL_LENGTH = 2000;

/**
 * The URL as Ayni will call it, or what is wrong with it (a message for the field `url`). Checks
 * the URL itself and, when its host is an IP address, that address; a host name is checked by
 * `resolveReceiver`, which needs DNS.
 */
export function checkWebhookUrl(raw: string, localReceivers: boolean): { url: URL } | { problem: string } {
  const https = localReceivers ? 'https:// (or http:// for a receiver on your own machine or network)' : 'https://';
  if (raw.length > MAX_URL_LENGTH) return { problem: `must be at most ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: `must be a full web address starting with ${https}, such as https://hooks.example.org/ayni` };
  }
  if (url.protocol !== 'https:' && !(localReceivers && url.protocol === 'http:')) return { problem: `must start with ${https}` };
  if (url.username || url.password) {
    return { problem: 'must not contain a user name or password: the signature on each delivery tells the receiver it comes from Ayni' };
  }
  if (url.hash) return { problem: 'must not contain a # part' };
  const host = hostOf(url);
  if (!host) return { problem: 'must name a host' };
  if (isIP(host)) {
    const refusal = addressRefusal(host, localReceivers);
    if (refusal) return { problem: `points to ${refusal}` };
  }
  return { url };
}

/** The URL's host as DNS and sockets want it: an IPv6 literal without its brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

/** Every address the system resolver gives for the host (as a connection would find them). */
export const systemResolver: Resolver = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

export class ReceiverRefused extends Error {}

/**
 * The one address to connect to for this URL. Every address the host resolves to must be allowed
 * (a host with one public and one private address is refused: which one a connection would use is
 * not Ayni's to choose); the first is used. Throws ReceiverRefused with a message for `url`.
 */
export async function resolveReceiver(url: URL, localReceivers: boolean, resolve: Resolver = systemResolver): Promise<ResolvedAddress> {
  const host = hostOf(url);
  const version = isIP(host);
  if (version) {
    const refusal = addressRefusal(host, localReceivers);
    if (refusal) throw new ReceiverRefused(`points to ${refusal}`);
    return { address: host, family: version === 6 ? 6 : 4 };
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(host);
  } catch {
    throw new ReceiverRefused(`names a host (${host}) that Ayni cannot find in DNS`);
  }
  if (!addresses.length) throw new ReceiverRefused(`names a host (${host}) that Ayni cannot find in DNS`);
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, localReceivers);
    if (refusal) throw new ReceiverRefused(`names a host (${host}) that resolves to ${refusal}`);
  }
  return addresses[0];
}
