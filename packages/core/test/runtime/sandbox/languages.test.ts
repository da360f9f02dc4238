/**
 * A user's program in each language installed here, run in the sandbox: hello world, a non-zero exit, a
 * crash, and a program reading a stdin that is closed. Languages not installed are listed with what to
 * install, and not run.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  type CommandRunner,
  DEFAULT_LIMITS,
  detectLanguages,
  detectSandbox,
  type LanguageId,
  languageOfFile,
  runsInImage,
  runUserCode,
  SANDBOX_PATH,
} from '../../../src/runtime/sandbox/index.js';

const detection = await detectSandbox();
const languages = await detectLanguages(SANDBOX_PATH);
const installed = languages.filter((language) => !language.missing);
const isolating: CommandRunner[] = [detection.runners.oci, detection.runners.bubblewrap].filter(
  (runner) => runner !== undefined,
);
/** Each isolating runner with each language it can run: the OCI image has Python and Bash, and Node from the host. */
const pairs = isolating.flatMap((runner) =>
  installed
    .filter((language) => runner.isolation !== 'oci' || runsInImage(language))
    .map((language) => [language.id, runner.isolation, runner] as const),
);

interface Programs {
  hello: string;
  exit3: string;
  crash: string;
  /** Prints how many bytes stdin gave before its end. */
  readStdin: string;
}

const PROGRAMS: Record<LanguageId, Programs> = {
  node: {
    hello: "console.log('hello from node');",
    exit3: 'process.exit(3);',
    crash: "throw new Error('boom');",
    readStdin:
      "let n = 0; process.stdin.on('data', (d) => { n += d.length; }).on('end', () => console.log('stdin ' + n));",
  },
  typescript: {
    hello: "const who: string = 'typescript'; console.log('hello from ' + who);",
    exit3: 'const code: number = 3; process.exit(code);',
    crash: "function boom(): never { throw new Error('boom'); } boom();",
    readStdin:
      "let n: number = 0; process.stdin.on('data', (d: Buffer) => { n += d.length; }).on('end', () => console.log('stdin ' + n));",
  },
  python: {
    hello: "print('hello from python')",
    exit3: 'import sys\nsys.exit(3)',
    crash: "raise RuntimeError('boom')",
    readStdin: "import sys\nprint('stdin', len(sys.stdin.read()))",
  },
  bash: {
    hello: 'echo "hello from bash"',
    exit3: 'exit 3',
    crash: 'set -e\nfalse\necho unreachable',
    readStdin: 'echo "stdin $(wc -c)"',
  },
  go: {
    hello: 'package main\nimport "fmt"\nfunc main() { fmt.Println("hello from go") }',
    exit3: 'package main\nimport "os"\nfunc main() { os.Exit(3) }',
    crash: 'package main\nfunc main() { panic("boom") }',
    readStdin:
      'package main\nimport ("fmt"; "io"; "os")\nfunc main() { b, _ := io.ReadAll(os.Stdin); fmt.Println("stdin", len(b)) }',
  },
  rust: {
    hello: 'fn main() { println!("hello from rust"); }',
    exit3: 'fn main() { std::process::exit(3); }',
    crash: 'fn main() { panic!("boom"); }',
    readStdin:
      'use std::io::Read;\nfn main() { let mut s = String::new(); std::io::stdin().read_to_string(&mut s).unwrap(); println!("stdin {}", s.len()); }',
  },
  php: {
    hello: '<?php echo "hello from php\\n";',
    exit3: '<?php exit(3);',
    crash: '<?php throw new Exception("boom");',
    readStdin: '<?php echo "stdin " . strlen(stream_get_contents(STDIN)) . "\\n";',
  },
};

async function run(runner: CommandRunner, id: LanguageId, code: string) {
  const language = installed.find((one) => one.id === id);
  if (!language) throw new Error(`${id} is not installed`);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk;
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk;
  });
  const result = await runUserCode({ runner, language, limits: DEFAULT_LIMITS, stdout, stderr }, code);
  return { ...result, stdout: out, stderr: err };
}

describe('languages in the sandbox', () => {
  it('finds Node.js, TypeScript and Bash (what every machine running WebNova has), and says what the rest need', () => {
    const byId = Object.fromEntries(languages.map((language) => [language.id, language]));
    for (const id of ['node', 'typescript', 'bash'] as const) expect(byId[id]?.missing).toBeUndefined();
    for (const language of languages.filter((one) => one.missing)) {
      expect(language.missing).toMatch(/install/);
    }
    console.info(
      'sandbox languages:',
      languages.map((one) => `${one.id} ${one.missing ? `missing (${one.missing})` : `${one.version} ${one.program}`}`),
    );
  });

  it('knows a file language by its extension', () => {
    expect(languageOfFile('a/b.py')).toBe('python');
    expect(languageOfFile('x.ts')).toBe('typescript');
    expect(languageOfFile('x.mjs')).toBe('node');
    expect(languageOfFile('x.sh')).toBe('bash');
    expect(languageOfFile('src/main.rs')).toBe('rust');
    expect(languageOfFile('x.txt')).toBeUndefined();
  });
});

describe.each(pairs)('%s in the %s sandbox', (id, isolation, runner) => {
  it('says hello', async () => {
    const result = await run(runner, id, PROGRAMS[id].hello);
    expect(result).toMatchObject({ exitCode: 0, isolation, limitHit: null, timedOut: false });
    expect(result.stdout).toBe(`hello from ${id}\n`);
  });

  it('exits with its own code', async () => {
    const result = await run(runner, id, PROGRAMS[id].exit3);
    expect(result).toMatchObject({ exitCode: 3, limitHit: null });
  });

  it('crashes with a non-zero code and says why on stderr', async () => {
    const result = await run(runner, id, PROGRAMS[id].crash);
    expect(result.exitCode).not.toBe(0);
    expect(result.limitHit).toBeNull();
    if (id !== 'bash') expect(result.stderr).toContain('boom');
  });

  it('reads a closed stdin as empty', async () => {
    const result = await run(runner, id, PROGRAMS[id].readStdin);
    expect(result).toMatchObject({ exitCode: 0, timedOut: false });
    expect(result.stdout.trim()).toBe('stdin 0');
  });
});
