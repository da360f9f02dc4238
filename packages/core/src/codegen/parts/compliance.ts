import type { PlatformModel } from '../model/platform.js';
import type { ProjectFiles } from '../project.js';
import { renderPrivacy } from './privacy.js';

/** The audit log (every platform) and the controls the Blueprint's compliance regimes switch on. */
export function renderCompliance(model: PlatformModel, files: ProjectFiles): void {
  files.add('api/src/compliance/audit.ts', auditSource);
  if (model.controls.phiAccessLog) files.add('api/src/compliance/access-log.ts', accessLogSource);
  if (model.controls.phiEncryption) files.add('api/src/compliance/field-crypto.ts', fieldCryptoSource);
  if (model.controls.cardDataGuard) files.add('api/src/compliance/card-data.ts', cardDataSource);
  if (model.controls.consent || model.controls.dataSubjectRights) renderPrivacy(model, files);
}

const auditSource = `// The audit log: one row per change and per security event. The table refuses updates and deletes.
import type { Database } from '../db/client.js';
import { auditLogTable, type JsonValue } from '../db/schema.js';

export interface AuditEntry {
  readonly actorId: string | null;
  readonly action: string;
  readonly entity?: string;
  readonly recordId?: string;
  /** Names and counts, never the values of personal or health data. */
  readonly detail?: JsonValue;
}

export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db.insert(auditLogTable).values({
    actorId: entry.actorId,
    action: entry.action,
    entity: entry.entity ?? null,
    recordId: entry.recordId ?? null,
    detail: entry.detail ?? null,
  });
}
`;

const accessLogSource = `// HIPAA: every read of health data (phi fields) is logged with who, what and when.
import type { Database } from '../db/client.js';
import { accessLogTable } from '../db/schema.js';

export async function logPhiAccess(db: Database, userId: string, entity: string, recordIds: readonly string[], fields: readonly string[]): Promise<void> {
  if (recordIds.length === 0 || fields.length === 0) return;
  await db.insert(accessLogTable).values(recordIds.map((recordId) => ({ userId, entity, recordId, fields: [...fields] })));
}
`;

const fieldCryptoSource = `// HIPAA: health data fields are encrypted with AES-256-GCM before they reach the database.
// The key comes from PHI_ENCRYPTION_KEY (32 bytes, base64); unique fields are found by an HMAC of their value.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

let cachedKey: Buffer | undefined;

function key(): Buffer {
  if (cachedKey) return cachedKey;
  const encoded = process.env.PHI_ENCRYPTION_KEY ?? '';
  const decoded = Buffer.from(encoded, 'base64');
  if (decoded.length !== 32) throw new Error('PHI_ENCRYPTION_KEY must be 32 random bytes in base64 (see .env.example).');
  cachedKey = decoded;
  return decoded;
}

/** Fails early (at start-up) when the key is missing or malformed. */
export function checkEncryptionKey(): void {
  key();
}

/** \`v1.iv.tag.ciphertext\` (base64url) of the JSON of \`value\`; null stays null. */
export function encryptField(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

export function decryptField<T>(stored: string | null): T | null {
  if (stored === null) return null;
  const [version, iv, tag, data] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unreadable encrypted field');
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const text = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  return JSON.parse(text) as T;
}

/** A keyed hash of a value, so that a unique encrypted field can still be checked and found. */
export function lookupHash(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return createHmac('sha256', key()).update(JSON.stringify(value)).digest('hex');
}
`;

const cardDataSource = `// PCI-DSS: card numbers are never stored. A payment provider tokenizes them; only the token is kept.
// Every write is scanned (every string, number and key of its body), as a card number can be written:
// in any script's digits, full width, with dots, slashes or dashes between groups, as a JSON number.
import { HttpError } from '../access/context.js';
import type { RouteDefinition } from '../routes/route.js';

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** A decimal digit's value: Unicode encodes each script's digits as runs of ten from 0 to 9 (runs may follow one another). */
function digitValue(codePoint: number): number {
  let start = codePoint;
  while (/\\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return (codePoint - start) % 10;
}

/** The text with every decimal digit of any script as its ASCII digit (NFKC first folds full-width ones). */
function asciiDigits(text: string): string {
  let out = '';
  for (const char of text.normalize('NFKC')) {
    out += /\\p{Nd}/u.test(char) ? String(digitValue(char.codePointAt(0) ?? 0)) : char;
  }
  return out;
}

/** Digits with at most one separator between any two (spaces, dots, slashes, dashes, commas…). */
const DIGIT_RUN = /\\d(?:[\\s.\\/\\\\_,·:'\\u2010-\\u2015-]?\\d)+/g;

function holdsCardNumber(text: string): boolean {
  for (const match of asciiDigits(text).matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/\\D/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return true;
  }
  return false;
}

/** Keys whose values are never stored as sent (a password is hashed): not scanned. */
const NOT_STORED = new Set(['password']);

/** Refuses input holding anything that looks like a card number (13–19 digits passing the Luhn check). */
export function assertNoCardData(value: unknown): void {
  const pending: unknown[] = [value];
  let seen = 0;
  while (pending.length > 0) {
    // Bodies are bounded (1 MB); so is this walk, however the JSON nests.
    if (++seen > 200_000) throw new HttpError(400, 'INVALID_INPUT', 'The request body is too complex.');
    const current = pending.pop();
    const text =
      typeof current === 'string' ? current : typeof current === 'number' || typeof current === 'bigint' ? String(current) : null;
    if (text !== null && holdsCardNumber(text)) {
      throw new HttpError(422, 'CARD_DATA_REFUSED', 'Card numbers must not be stored; send the payment provider\\'s token instead.');
    }
    if (current && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        pending.push(key);
        if (!NOT_STORED.has(key)) pending.push(item);
      }
    }
  }
}

/** The route with its body scanned first when it writes (POST, PUT, PATCH), unless it stores nothing it is sent. */
export function guardCardData(route: RouteDefinition): RouteDefinition {
  if (route.method === 'GET' || route.method === 'DELETE' || route.storesInput === false) return route;
  return {
    ...route,
    handle: (context, request) => {
      assertNoCardData(request.body);
      return route.handle(context, request);
    },
  };
}
`;
