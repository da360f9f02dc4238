export { BubblewrapRunner, SANDBOX_HOME } from './bubblewrap-runner.js';
export { type CgroupSupport, detectCgroups } from './cgroups.js';
export * from './command-runner.js';
export { HostRunner } from './host-runner.js';
export {
  detectLanguages,
  LANGUAGE_IDS,
  LANGUAGES,
  type LanguageFound,
  type LanguageId,
  languageOfFile,
  languageRun,
} from './languages.js';
export { runUserCode, runUserFile, type UserCodeRun } from './run-user-code.js';
export {
  type BackendStatus,
  chooseRunner,
  detectSandbox,
  answeringOciSocket,
  ociSocketAnswers,
  WEBNOVA_PODMAN_SOCKET,
  SANDBOX_PATH,
  type SandboxDetection,
} from './sandbox.js';
export {
  ensureSandboxImage,
  ociClient,
  SANDBOX_IMAGE,
  runsInImage,
  SANDBOX_IMAGE_HINT,
  sandboxImageExists,
} from './oci-image.js';
export { containerUser, OciRunner } from './oci-runner.js';
