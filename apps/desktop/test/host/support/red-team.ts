/** One case of the red-team corpus: what the attacker does, and the refusal expected. */
export interface RedTeamCase<Target = void> {
  attack: string;
  expected: string;
  run(target: Target): Promise<void> | void;
}

/** The cases as `it.each` rows, each test named "attack → expected refusal". */
export function named<Target>(cases: RedTeamCase<Target>[]) {
  return cases.map((c) => [`${c.attack} → ${c.expected}`, c] as const);
}
