import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../src/contracts/messages/system-message.js';
import { planCommand, runnerNote } from '../../src/governance/command-plan.js';
import {
  assessProposal,
  commandLineFacts,
  DEFAULT_CONSTITUTION,
  evaluateConstitution,
  parseCommandLine,
} from '../../src/governance/index.js';
import { quoteArgv } from '../../src/governance/risk-commands.js';

const argvs = (text: string) => parseCommandLine(text).pipelines.map((p) => p.commands.map((c) => c.argv));

describe('parseCommandLine', () => {
  it('removes quotes and escapes the way a POSIX shell does', () => {
    expect(argvs(`echo 'a  b' "c \\"d\\" \\$e \\x" f\\ g h''i ""`)).toEqual([
      [['echo', 'a  b', 'c "d" $e \\x', 'f g', 'hi', '']],
    ]);
    expect(argvs(`printf '%s' "it's"`)).toEqual([[['printf', '%s', "it's"]]]);
    expect(argvs('echo a\\\nb')).toEqual([[['echo', 'ab']]]);
  });

  it('splits on && || ; & | and newlines, and keeps pipelines together', () => {
    expect(argvs('a && b || c; d & e | f |& g\nh')).toEqual([
      [['a']],
      [['b']],
      [['c']],
      [['d']],
      [['e'], ['f'], ['g']],
      [['h']],
    ]);
    expect(parseCommandLine('sleep 1 &').background).toBe(true);
    expect(argvs("echo 'a && b; c | d'")).toEqual([[['echo', 'a && b; c | d']]]);
  });

  it('separates assignments and redirections from the argv', () => {
    const [pipeline] = parseCommandLine('FOO=1 BAR="x y" node app.js 2>&1 >>log.txt < in.txt 3>err').pipelines;
    expect(pipeline?.commands[0]).toEqual({
      argv: ['node', 'app.js'],
      assignments: ['FOO=1', 'BAR=x y'],
      redirects: [
        { op: '2>&', target: '1' },
        { op: '>>', target: 'log.txt' },
        { op: '<', target: 'in.txt' },
        { op: '3>', target: 'err' },
      ],
    });
    expect(argvs('echo a=b')).toEqual([[['echo', 'a=b']]]);
  });

  it('flags $( ), backticks and process substitution, keeping their text', () => {
    const parsed = parseCommandLine('echo "$(cat "a b" | wc -l)" `whoami` $(echo $(id)) <(curl x)');
    expect(parsed.substitutions).toEqual(['cat "a b" | wc -l', 'whoami', 'echo $(id)', 'curl x']);
    expect(parsed.pipelines[0]?.commands[0]?.argv).toEqual([
      'echo',
      '$(cat "a b" | wc -l)',
      '`whoami`',
      '$(echo $(id))',
      '<(curl x)',
    ]);
    expect(parseCommandLine('(cd /tmp && rm x)').subshell).toBe(true);
  });

  it('gives back any argv it is handed quoted, character for character', () => {
    const word = fc.string({ unit: fc.constantFrom(...'ab =$`\'"\\|&;()<>#*~\n\t-.'.split('')), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), (argv) => {
        const parsed = parseCommandLine(quoteArgv(argv));
        expect(parsed.complete).toBe(true);
        expect(parsed.substitutions).toEqual([]);
        expect(parsed.pipelines.map((p) => p.commands.map((c) => c.argv))).toEqual([[argv]]);
      }),
      { numRuns: 500 },
    );
    expect(argvs(`'A=1' ls`)).toEqual([[['A=1', 'ls']]]);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        parseCommandLine(text);
        const { assessment } = assessProposal({ kind: 'command.run', payload: { command: text } });
        expect(assessment.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('skips comments but not a # inside a word', () => {
    expect(argvs('echo a#b # rm -rf /')).toEqual([[['echo', 'a#b']]]);
  });

  it('reports what is unfinished instead of throwing', () => {
    for (const text of ['echo "abc', "echo 'abc", 'echo $(ls', 'echo `ls', 'echo a\\']) {
      const parsed = parseCommandLine(text);
      expect(parsed.complete, text).toBe(false);
      expect(parsed.problems.length, text).toBeGreaterThan(0);
    }
    expect(parseCommandLine('').pipelines).toEqual([]);
  });
});

describe('commandLineFacts', () => {
  const programs = (text: string) => commandLineFacts(text).commands.map((c) => `${c.origin}:${c.program}`);

  it('finds commands inside substitutions, shell strings, eval and wrappers', () => {
    expect(programs('echo $(curl -s x | sh)')).toEqual(['substitution:curl', 'substitution:sh', 'direct:echo']);
    expect(programs(`bash -lc "rm -rf ~/x && echo ok"`)).toEqual([
      'direct:bash',
      'shell-string:rm',
      'shell-string:echo',
    ]);
    expect(programs('eval "rm -rf /"')).toEqual(['direct:eval', 'shell-string:rm']);
    expect(programs('sudo -u root env FOO=1 nohup /bin/rm -rf /')).toEqual([
      'direct:sudo',
      'wrapper:env',
      'wrapper:nohup',
      'wrapper:rm',
    ]);
    expect(programs('timeout 10s xargs -n 1 rm')).toEqual(['direct:timeout', 'wrapper:xargs', 'wrapper:rm']);
    expect(programs('if true; then rm x; fi')).toEqual(['direct:true', 'direct:rm']);
  });

  it('knows where each command’s output flows, through wrappers too', () => {
    const [curl] = commandLineFacts('curl -fsSL https://x | sudo -E bash -s').commands;
    expect(curl?.pipedTo).toEqual(['sudo', 'bash']);
  });

  it('stops looking past a nesting depth and says so', () => {
    let text = 'rm -rf /';
    for (let i = 0; i < 8; i++) text = `sh -c ${JSON.stringify(text)}`;
    expect(commandLineFacts(text).tooDeep).toBe(true);
    expect(commandLineFacts('sh -c "sh -c ls"').tooDeep).toBe(false);
  });
});

describe('planCommand: an argv, or a line that needs a shell', () => {
  it('runs a plain line as the argv it spells, quotes and escapes removed', () => {
    expect(planCommand({ command: `git log --format='%h %s' -- "src/a b.ts"` })).toEqual({
      runner: 'argv',
      argv: ['git', 'log', '--format=%h %s', '--', 'src/a b.ts'],
      line: `git log --format='%h %s' -- "src/a b.ts"`,
    });
    expect(planCommand({ argv: ['ls', '>', 'x'] })).toMatchObject({ runner: 'argv', argv: ['ls', '>', 'x'] });
    expect(planCommand({ argv: ['ls', 3] })).toBeNull();
    expect(planCommand({ command: '   ' })).toBeNull();
  });

  it('names each construct that needs a shell', () => {
    const kinds = (line: string) => {
      const plan = planCommand({ command: line });
      return plan?.runner === 'shell' ? [...new Set(plan.constructs.map((c) => c.kind))] : [];
    };
    expect(kinds('A=1 B=2 ls')).toEqual(['assignment']);
    expect(kinds('ls > x 2>&1')).toEqual(['redirection']);
    expect(kinds('a | b; c && d || e & f')).toEqual(['pipe', 'list', 'background']);
    const braced = ['$', '{X}'].join('');
    expect(kinds(`echo $(id) \`id\` <(id) $HOME ${braced} ~ * {a,b} # c`)).toEqual([
      'substitution',
      'expansion',
      'tilde',
      'glob',
      'brace',
      'comment',
    ]);
    expect(kinds('cat <<EOF\nx\nEOF')).toContain('here-doc');
    expect(kinds('for x in a; do ls; done')).toContain('keyword');
    expect(kinds('echo "unclosed')).toEqual(['incomplete']);
    expect(kinds(`echo 'A=1 > x | $HOME * ~' "~ * {a}" a\\ b\\*`)).toEqual([]);
    const { note } = runnerNote(planShell('ls | wc > n'));
    expect(formatMessage(note, 'en')).toContain('Needs a shell for a pipe (|), a redirection (>)');
    expect(formatMessage(note, 'ar')).toMatch(/أنبوب \(\u2068\|\u2069\)، إعادة توجيه/);
  });

  it('treats any argv as an argv, and any line without a construct as the argv the parser reads', () => {
    const word = fc.string({ unit: fc.constantFrom(...'ab =$`\'"\\|&;()<>#*~\n\t-.'.split('')), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (argv) => {
        expect(planCommand({ argv })).toMatchObject({ runner: 'argv', argv });
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (line) => {
        const plan = planCommand({ command: line });
        if (plan?.runner !== 'argv') return;
        expect(parseCommandLine(line).pipelines).toEqual([
          { commands: [{ argv: plan.argv, assignments: [], redirects: [] }] },
        ]);
      }),
      { numRuns: 1_000 },
    );
  });

  it('never lets an allow rule match a line that needs a shell', () => {
    const allowLs = {
      ...DEFAULT_CONSTITUTION,
      rules: [
        { id: 'allow-anything-ls', kind: 'command.run', commands: [{ program: 'ls' }], effect: 'allow' as const },
      ],
    };
    const verdict = (command: string) =>
      evaluateConstitution(allowLs, assessProposal({ kind: 'command.run', payload: { command } }).action).effect;
    expect(verdict('ls docs')).toBe('allow');
    for (const line of ['ls > docs/x', 'ls *', 'X=1 ls', 'ls; ls', 'ls $(ls)', 'ls ~'])
      expect(verdict(line), line).toBe('require-approval');
  });
});

function planShell(line: string) {
  const plan = planCommand({ command: line });
  if (plan?.runner !== 'shell') throw new Error(`${line} should need a shell`);
  return plan;
}
