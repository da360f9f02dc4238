const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Orders names the way a person reads them: `file2` before `file10`, case ignored, ties broken stably. */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
