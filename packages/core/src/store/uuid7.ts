import { v7 } from 'uuid';

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids minted in a later
 * millisecond sort after earlier ones, which keeps the events' id index append-mostly.
 */
export function uuid7(now: number = Date.now()): string {
  return v7({ msecs: now });
}
