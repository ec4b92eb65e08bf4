import { createHash, createHmac, randomBytes } from 'node:crypto';
import { normalizeActivationCode } from './license.js';

const API_KEY_PREFIX = 'lbk_';

/** A new API key: a recognisable prefix and 32 random bytes. Shown once, never stored. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** API keys are long and random, so a plain SHA-256 is enough to store and look them up. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Activation codes can be short, so they are hashed with a server-side secret (HMAC) rather
 * than a plain digest that could be reversed by trying every code.
 */
export function hashActivationCode(code: string, secret: string): string {
  return createHmac('sha256', secret).update(normalizeActivationCode(code), 'utf8').digest('hex');
}
