export { type FolderListing, listFolders } from './folders.js';
export { MAX_SEARCHED_FILE_BYTES } from './search.js';
export { MAX_TEXT_FILE_BYTES } from './text-file.js';
export type { StopWatching, WatchOptions } from './watcher.js';
export { Workspace } from './workspace.js';
