/** The blueprint part of the API table: methods and event streams. */
export const blueprintMethods = {} as const;

export const blueprintEvents = {} as const;
