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
export {
  ensureSandboxImage,
  ociClient,
  runsInImage,
  SANDBOX_IMAGE,
  SANDBOX_IMAGE_HINT,
  sandboxImageExists,
} from './oci-image.js';
export { containerUser, OciRunner } from './oci-runner.js';
export { runUserCode, runUserFile, type UserCodeRun } from './run-user-code.js';
export {
  answeringOciSocket,
  type BackendStatus,
  chooseRunner,
  detectSandbox,
  ociSocketAnswers,
  SANDBOX_PATH,
  type SandboxDetection,
  WEBNOVA_PODMAN_SOCKET,
} from './sandbox.js';
