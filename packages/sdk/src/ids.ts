import { host } from './host.js';

/**
 * `n` random bytes: from crypto.getRandomValues where there is one (browsers, React Native with
 * react-native-get-random-values, Node.js), else from Math.random — good enough for an anonymous id or a messageId,
 * which need to be unique, not secret.
 */
function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  const crypto = host().crypto;
  if (crypto?.getRandomValues !== undefined) crypto.getRandomValues(bytes);
  else for (let i = 0; i < n; i++) bytes[i] = Math.floor(Math.random() * 256);
  return bytes;
}

/** A random (version 4) UUID: messageIds, anonymous ids, session ids. */
export function uuid(): string {
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
