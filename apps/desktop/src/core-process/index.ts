// Core's own process: Electron's main starts this bundle as a utility process, the web host as a Node
// child. Everything core does (files, git, terminals, tasks, the AI, governance) happens here; the host
// process keeps only windows, menus and transports.
import { runCoreProcess } from '@webnova/core';

await runCoreProcess();
process.exit(0);
