// The sandbox image on the engine at DOCKER_HOST (scripts/oci-sandbox-up.sh): core's ensureSandboxImage,
// run from the TypeScript source (no build needed), printing what it does.
import { tsImport } from 'tsx/esm/api';

const sandbox = await tsImport('../../packages/core/src/runtime/sandbox/index.ts', import.meta.url);
const socket = await sandbox.answeringOciSocket();
if (!socket) {
  console.error('sandbox-image: no Docker-compatible API answers (DOCKER_HOST or the usual sockets)');
  process.exit(1);
}
const started = Date.now();
const docker = await sandbox.ociClient(socket);
const { image, built } = await sandbox.ensureSandboxImage({
  docker,
  log: (line) => {
    // debootstrap's own progress (I: Retrieving…) is hundreds of lines: the steps and failures are enough.
    if (!line.startsWith('I: ')) console.log(`  ${line}`);
  },
});
console.log(
  `sandbox-image: ${image} ${built ? 'built' : 'already there'} (${Math.round((Date.now() - started) / 1000)} s)`,
);
