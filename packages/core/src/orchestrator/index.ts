export * from './offline-planner/index.js';
