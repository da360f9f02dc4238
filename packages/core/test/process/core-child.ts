// Core in its own process, as the web host and Electron start it (there from a built bundle).
import { runCoreProcess } from '../../src/process/core-process.js';

await runCoreProcess();
process.exit(0);
