/** What the history graph needs of a commit. */
export interface GraphCommit {
  oid: string;
  parents: readonly string[];
}

/** One row of the graph: where the commit's dot is and which lines cross the row. */
export interface GraphRow {
  /** Column of the commit's dot. */
  lane: number;
  /** Columns whose line runs straight through the row (other branches passing by). */
  through: number[];
  /** Columns whose line comes down into the dot (the commit's children). */
  incoming: number[];
  /** Columns the dot's lines go down to (its parents). */
  outgoing: number[];
  /** How many columns the row uses. */
  width: number;
}

/**
 * Lays out commits (children before parents, as the history lists them) in lanes: each lane waits
 * for one commit; a commit takes the lane that waits for it (the leftmost, when several children
 * point at it, so branches merge in), hands it to its first parent and opens lanes for the others.
 */
export function layoutGraph(commits: readonly GraphCommit[]): GraphRow[] {
  const lanes: (string | null)[] = [];
  const rows: GraphRow[] = [];
  const freeLane = () => {
    const free = lanes.indexOf(null);
    return free === -1 ? lanes.length : free;
  };
  for (const commit of commits) {
    const before = [...lanes];
    const incoming = before.flatMap((oid, i) => (oid === commit.oid ? [i] : []));
    const lane = incoming[0] ?? freeLane();
    for (const i of incoming) lanes[i] = null;
    const outgoing: number[] = [];
    commit.parents.forEach((parent, index) => {
      const waiting = lanes.indexOf(parent);
      if (waiting !== -1 && index > 0) {
        outgoing.push(waiting);
        return;
      }
      const target = index === 0 ? lane : waiting === -1 ? freeLane() : waiting;
      lanes[target] = parent;
      outgoing.push(target);
    });
    const through = before.flatMap((oid, i) => (oid !== null && oid !== commit.oid && lanes[i] === oid ? [i] : []));
    while (lanes.length > 0 && lanes.at(-1) === null) lanes.pop();
    const width = Math.max(lane + 1, before.length, lanes.length, ...outgoing.map((i) => i + 1));
    rows.push({ lane, through, incoming, outgoing, width });
  }
  return rows;
}
