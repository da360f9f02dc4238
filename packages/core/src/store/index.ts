export type { AppendResult, StreamWrite } from './append.js';
export { defaultMigrationsFolder, type StoreDatabase, type StoreTransaction } from './database.js';
export { EventStore, type EventStoreOptions, type SubscribeOptions } from './event-store.js';
export { findMigrationsFolder } from './migrations-folder.js';
export { type Projection, runProjection } from './projection.js';
export type { StoreReader } from './reader.js';
export type { EventHandler, Subscription } from './subscription.js';
export { uuid7 } from './uuid7.js';
