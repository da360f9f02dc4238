/** A port on this computer that nothing listens on: connecting to it is refused at once. */
export function closedPort(): Promise<number>;
