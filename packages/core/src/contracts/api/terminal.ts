/** The terminal part of the API table: methods and event streams. */
export const terminalMethods = {} as const;

export const terminalEvents = {} as const;
