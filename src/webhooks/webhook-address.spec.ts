import { addressKind, addressRefusal, checkWebhookUrl, type Resolver, resolveReceiver } from './webhook-address';

describe('addressKind', () => {
  it.each([
    // IPv4
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['11.0.0.1', 'public'],
    ['100.63.255.255', 'public'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['100.128.0.0', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.15.255.255', 'public'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.0', 'public'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['192.88.99.1', 'reserved'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    // IPv6
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:82a::200e', 'public'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], // Teredo
    ['3fff::1', 'reserved'],
    ['100::1', 'reserved'],
    ['::2', 'reserved'],
    // IPv4 inside IPv6: the IPv4 address decides
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:192.168.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['2002:c0a8:0101::1', 'private'], // 6to4 of 192.168.1.1
    ['2002:0808:0808::1', 'public'],
    // not an address at all
    ['example.org', 'reserved'],
    ['', 'reserved'],
  ])('%s is %s', (ip, kind) => {
    expect(addressKind(ip)).toBe(kind);
  });
});

describe('addressRefusal', () => {
  it.each([
    ['8.8.8.8', false, null],
    ['8.8.8.8', true, null],
    ['127.0.0.1', false, 'loopback'],
    ['127.0.0.1', true, null],
    ['10.0.0.1', false, 'private'],
    ['10.0.0.1', true, null],
    ['169.254.169.254', false, 'link-local'],
    ['100.64.0.1', false, 'carrier-grade NAT'],
    ['fd00::1', false, 'unique local'],
    ['::ffff:127.0.0.1', false, 'loopback'],
    ['::ffff:127.0.0.1', true, null],
    // Never, even for local receivers.
    ['0.0.0.0', true, 'unspecified'],
    ['224.0.0.1', true, 'multicast'],
    ['192.0.2.1', true, 'reserved'],
  ])('%s with local receivers %s: %s', (ip, local, refusedAs) => {
    const refusal = addressRefusal(ip, local);
    if (refusedAs === null) expect(refusal).toBeNull();
    else expect(refusal).toContain(refusedAs);
  });
});

describe('checkWebhookUrl', () => {
  const production = (url: string) => checkWebhookUrl(url, false);
  const local = (url: string) => checkWebhookUrl(url, true);
  const problem = (result: ReturnType<typeof checkWebhookUrl>) => ('problem' in result ? result.problem : null);

  it.each([
    ['https://hooks.example.org/ayni', null],
    ['https://hooks.example.org:8443/ayni?key=x', null],
    ['https://8.8.8.8/hook', null],
    ['https://[2606:4700:4700::1111]/hook', null],
    ['http://hooks.example.org/ayni', 'must start with https://'],
    ['ftp://hooks.example.org/ayni', 'must start with https://'],
    ['file:///etc/passwd', 'must start with https://'],
    ['javascript:alert(1)', 'must start with https://'],
    ['hooks.example.org/ayni', 'must be a full web address'],
    ['', 'must be a full web address'],
    ['https://user:pass@hooks.example.org/', 'must not contain a user name or password'],
    ['https://user@hooks.example.org/', 'must not contain a user name or password'],
    ['https://hooks.example.org/#part', 'must not contain a # part'],
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://2130706433/hook', 'loopback'], // 127.0.0.1 written as a number
    ['https://0x7f.1/hook', 'loopback'],
    ['https://10.1.2.3/hook', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['https://[::1]/hook', 'loopback'],
    ['https://[::ffff:192.168.0.1]/hook', 'private'],
    ['https://[fd00::1]/hook', 'unique local'],
    ['https://0.0.0.0/hook', 'unspecified'],
    [`https://example.org/${'a'.repeat(2000)}`, 'at most 2000 characters'],
  ])('in production, %s → %s', (url, expected) => {
    const found = problem(production(url));
    if (expected === null) expect(found).toBeNull();
    else expect(found).toContain(expected);
  });

  it.each([
    ['http://127.0.0.1:4000/hook', null],
    ['http://localhost:4000/hook', null],
    ['https://10.1.2.3/hook', null],
    ['ftp://127.0.0.1/hook', 'must start with https:// (or http://'],
    ['http://user:pw@127.0.0.1/', 'user name or password'],
    ['http://0.0.0.0:4000/', 'unspecified'],
  ])('outside production (local receivers), %s → %s', (url, expected) => {
    const found = problem(local(url));
    if (expected === null) expect(found).toBeNull();
    else expect(found).toContain(expected);
  });
});

describe('resolveReceiver', () => {
  const resolver =
    (table: Record<string, string[]>): Resolver =>
    async (host) => {
      const addresses = table[host];
      if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
  const dns = resolver({
    'hooks.example.org': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    'rebind.example.org': ['93.184.216.34', '10.0.0.7'],
    'metadata.example.org': ['169.254.169.254'],
    'mapped.example.org': ['::ffff:127.0.0.1'],
    'empty.example.org': [],
    localhost: ['127.0.0.1', '::1'],
  });
  const url = (host: string) => new URL(`https://${host}/hook`);

  it('gives the first address when every address is public', async () => {
    await expect(resolveReceiver(url('hooks.example.org'), false, dns)).resolves.toEqual({ address: '93.184.216.34', family: 4 });
  });

  it.each([
    ['rebind.example.org', 'resolves to a private network address'],
    ['metadata.example.org', 'resolves to a link-local address'],
    ['mapped.example.org', 'resolves to a loopback address'],
    ['localhost', 'resolves to a loopback address'],
    ['nowhere.example.org', 'cannot find in DNS'],
    ['empty.example.org', 'cannot find in DNS'],
  ])('refuses %s in production: %s', async (host, message) => {
    await expect(resolveReceiver(url(host), false, dns)).rejects.toThrow(message);
  });

  it('allows loopback and private hosts for local receivers', async () => {
    await expect(resolveReceiver(url('localhost'), true, dns)).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(resolveReceiver(url('rebind.example.org'), true, dns)).resolves.toEqual({ address: '93.184.216.34', family: 4 });
  });

  it('checks an IP address in the URL without asking DNS', async () => {
    const never: Resolver = () => Promise.reject(new Error('DNS should not be asked'));
    await expect(resolveReceiver(new URL('http://127.0.0.1:9/x'), true, never)).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(resolveReceiver(new URL('https://[::1]/x'), false, never)).rejects.toThrow('loopback');
  });
});
