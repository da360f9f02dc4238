// A hello-world run per sandbox backend and language: median of 10, beside the same program run
// straight on the host in the same rounds (the baseline; the ratio is the sandbox's cost). The time is
// the caller's: from `run` to its result, cgroup set-up and removal included. Targets (issue 16):
// bubblewrap < 150 ms, OCI < 1 s (one container per run; needs bash scripts/oci-sandbox-up.sh).
import { execFile } from 'node:child_process';
import { chown, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { baseline, cleanup, interleaved, report, summarize, tempDir, timed } from './lib.mjs';

const ROUNDS = 10;
const HELLO = {
  node: "console.log('hello')",
  typescript: "const who: string = 'hello'; console.log(who);",
  python: "print('hello')",
  bash: 'echo hello',
  go: 'package main\nimport "fmt"\nfunc main() { fmt.Println("hello") }',
  php: '<?php echo "hello\\n";',
};

const sandbox = await tsImport('../packages/core/src/runtime/sandbox/index.ts', import.meta.url);
const detection = await sandbox.detectSandbox();
const languages = (await sandbox.detectLanguages(sandbox.SANDBOX_PATH)).filter((language) => !language.missing);
const runners = [detection.runners.oci, detection.runners.bubblewrap].filter(Boolean);
// The OCI sandbox runs as the folder's owner, and as nobody (who may not enter root's folder) for root's.
const NOBODY = 65534;
if (runners.length === 0) console.error('sandbox bench: no isolating backend here', detection.backends);

const root = await tempDir('webnova-bench-sandbox-');
try {
  for (const runner of runners) {
    // A folder per backend: the OCI one given to nobody when this is root (bubblewrap's nobody is root outside).
    const owned = runner.isolation === 'oci' && process.getuid?.() === 0;
    const dir = join(root, runner.isolation);
    await mkdir(dir);
    if (owned) await chown(dir, NOBODY, NOBODY);
    for (const language of languages) {
      if (runner.isolation === 'oci' && !sandbox.runsInImage(language)) continue;
      const file = join(dir, `hello${sandbox.LANGUAGES[language.id].extension}`);
      await writeFile(file, HELLO[language.id]);
      if (owned) await chown(file, NOBODY, NOBODY);
      const { argv, environment } = sandbox.languageRun(language, file);
      const [inSandbox, onHost] = await interleaved(ROUNDS, [
        () => timed(() => sandbox.runUserFile({ runner, language, limits: sandbox.DEFAULT_LIMITS }, file)),
        () =>
          timed(() =>
            promisify(execFile)(argv[0], argv.slice(1), {
              cwd: dir,
              env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', ...environment },
            }),
          ),
      ]);
      report(
        'sandbox',
        `hello world, ${language.id} in ${runner.isolation}`,
        'ms',
        summarize(inSandbox),
        baseline(`${language.id} on the host`, onHost),
      );
    }
  }
} finally {
  await cleanup(root);
}
