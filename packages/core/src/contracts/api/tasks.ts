/** The tasks part of the API table: methods and event streams. */
export const tasksMethods = {} as const;

export const tasksEvents = {} as const;
