/** RFC 6901 JSON Pointers: how issues and patch operations say where in a Blueprint they point. */

export type PointerSegment = string | number;

export function escapeSegment(segment: PointerSegment): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

export function toPointer(segments: readonly PointerSegment[]): string {
  return segments.map((segment) => `/${escapeSegment(segment)}`).join('');
}

/** The segments of a pointer, or null when it is not a pointer ("" is the whole document). */
export function parsePointer(pointer: string): string[] | null {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return null;
  const segments: string[] = [];
  for (const raw of pointer.slice(1).split('/')) {
    if (/~(?![01])/.test(raw)) return null;
    segments.push(raw.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  return segments;
}

export function appendPointer(pointer: string, segment: PointerSegment): string {
  return `${pointer}/${escapeSegment(segment)}`;
}
