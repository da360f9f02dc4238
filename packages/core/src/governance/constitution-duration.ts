import type { ConstitutionDuration } from '../contracts/constitution.js';

const UNIT_MS = { W: 604_800_000, D: 86_400_000, H: 3_600_000, M: 60_000, S: 1_000 } as const;

/** Milliseconds in a duration the schema accepted (`PT30M` → 1,800,000; a number is already milliseconds). */
export function durationMs(duration: ConstitutionDuration): number {
  if (typeof duration === 'number') return duration;
  const [datePart = '', timePart = ''] = duration.slice(1).split('T');
  let total = 0;
  for (const [part, units] of [
    [datePart, 'WD'],
    [timePart, 'HMS'],
  ] as const) {
    for (const match of part.matchAll(/(\d+(?:\.\d+)?)([A-Z])/g)) {
      const unit = match[2] as keyof typeof UNIT_MS;
      if (!units.includes(unit)) throw new RangeError(`${duration} is not a duration in W, D, H, M or S.`);
      total += Number(match[1]) * UNIT_MS[unit];
    }
  }
  return Math.round(total);
}
