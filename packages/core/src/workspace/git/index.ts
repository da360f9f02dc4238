export { AuthorSettings } from './author.js';
export { ChangeNotifier } from './notifier.js';
export { type FileSelection, GitRepository } from './repository.js';
