// A hello-world run per sandbox backend and language: median of 10, beside the same program run
// straight on the host in the same rounds (the baseline; the ratio is the sandbox's cost). The time is
// the caller's: from `run` to its result, cgroup set-up and removal included. Targets (issue 16):
// bubblewrap < 150 ms, OCI < 1 s (the OCI backend is not built yet).
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
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
const runners = [detection.runners.bubblewrap].filter(Boolean);
if (runners.length === 0) console.error('sandbox bench: no isolating backend here', detection.backends);

const dir = await tempDir('webnova-bench-sandbox-');
try {
  for (const runner of runners) {
    for (const language of languages) {
      const file = join(dir, `hello${sandbox.LANGUAGES[language.id].extension}`);
      await writeFile(file, HELLO[language.id]);
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
  await cleanup(dir);
}
