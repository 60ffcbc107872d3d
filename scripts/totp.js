#!/usr/bin/env node
// The current 6-digit TOTP code (RFC 6238: SHA-1, 30 s) for a base32 key, as an authenticator app
// shows it. Used by scripts/smoke.sh; node's crypto only, so it needs no install.
const { createHmac } = require('node:crypto');

const key = (process.argv[2] || '').replace(/[\s=]/g, '').toUpperCase();
if (!/^[A-Z2-7]+$/.test(key)) {
  console.error('usage: totp.js BASE32KEY');
  process.exit(2);
}
let bits = '';
for (const c of key) bits += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(c).toString(2).padStart(5, '0');
const secret = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
const counter = Buffer.alloc(8);
counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
const mac = createHmac('sha1', secret).update(counter).digest();
const offset = mac[mac.length - 1] & 0xf;
const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
console.log(String(value).padStart(6, '0'));
