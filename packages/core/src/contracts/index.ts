export * from './api.js';
export * from './errors.js';
export * from './files.js';
export * from './settings.js';
export * from './wire.js';
export * from './workspace.js';
