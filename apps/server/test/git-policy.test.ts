import { describe, expect, it } from 'vitest';
import { PktError, parsePushHead, pktLine, refusalReport } from '../src/git/pkt-line.js';
import { judgeRefUpdates, type PushContext, protectedBranchPolicy, refNameProblem } from '../src/git/ref-policy.js';
import { isLoopback, tokenTransportAllowed } from '../src/git/transport.js';

const ZERO = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('where an access token may come from', () => {
  const plain = { encrypted: false, forwardedProto: undefined, trustForwardedProto: false };
  it('takes loopback and TLS, and refuses plain HTTP from another machine', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopback(address), address).toBe(true);
      expect(tokenTransportAllowed({ ...plain, remoteAddress: address })).toBe(true);
    }
    for (const address of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', 'fe80::1', '2001:db8::1', undefined]) {
      expect(isLoopback(address), address).toBe(false);
      expect(tokenTransportAllowed({ ...plain, remoteAddress: address }), address).toBe(false);
    }
    expect(tokenTransportAllowed({ ...plain, remoteAddress: '10.0.0.5', encrypted: true })).toBe(true);
  });

  it('believes X-Forwarded-Proto only when told to, and only https', () => {
    const proxied = { ...plain, remoteAddress: '10.0.0.5', forwardedProto: 'https' };
    expect(tokenTransportAllowed(proxied)).toBe(false);
    expect(tokenTransportAllowed({ ...proxied, trustForwardedProto: true })).toBe(true);
    expect(tokenTransportAllowed({ ...proxied, trustForwardedProto: true, forwardedProto: 'HTTPS, http' })).toBe(true);
    expect(tokenTransportAllowed({ ...proxied, trustForwardedProto: true, forwardedProto: 'http' })).toBe(false);
    expect(tokenTransportAllowed({ ...proxied, trustForwardedProto: true, forwardedProto: 'http, https' })).toBe(false);
  });
});

describe('ref names', () => {
  it('takes branches and tags git would take', () => {
    for (const ref of ['refs/heads/main', 'refs/heads/feature/x-1', 'refs/tags/v1.0.0', 'refs/heads/ünïcode']) {
      expect(refNameProblem(ref), ref).toBeNull();
    }
  });
  it('refuses what git-check-ref-format refuses, and refs outside branches and tags', () => {
    for (const ref of [
      'refs/heads/a..b',
      'refs/heads/a\u0001b',
      'refs/heads/a\u007fb',
      'refs/heads/a b',
      'refs/heads/a~1',
      'refs/heads/a^',
      'refs/heads/a:b',
      'refs/heads/a?',
      'refs/heads/a*',
      'refs/heads/a[b',
      'refs/heads/a\\b',
      'refs/heads/.hidden',
      'refs/heads/x.lock',
      'refs/heads/a@{1}',
      'refs/heads/a//b',
      'refs/heads/a/',
      'refs/heads/a.',
      'refs/heads/',
      'refs/remotes/origin/main',
      'HEAD',
      `refs/heads/${'x'.repeat(300)}`,
    ]) {
      expect(refNameProblem(ref), JSON.stringify(ref)).not.toBeNull();
    }
  });
});

describe('the ref update policy', () => {
  const context = (
    role: PushContext['pusher']['role'],
    current: Record<string, string>,
    userId = 'u1',
  ): PushContext => ({
    pusher: { userId, role },
    project: { createdBy: 'creator', protectedBranches: ['main'] },
    current: new Map(Object.entries(current)),
  });

  it('lets owners and sovereigns create, move and delete main; members only other branches', () => {
    for (const role of ['owner', 'sovereign'] as const) {
      for (const [oldId, newId] of [
        [A, B],
        [A, ZERO],
      ] as const) {
        expect(
          protectedBranchPolicy({ ref: 'refs/heads/main', oldId, newId }, context(role, { 'refs/heads/main': A })),
        ).toEqual({ allowed: true });
      }
    }
    const member = context('member', { 'refs/heads/main': A });
    expect(protectedBranchPolicy({ ref: 'refs/heads/main', oldId: A, newId: B }, member)).toMatchObject({
      allowed: false,
    });
    expect(protectedBranchPolicy({ ref: 'refs/heads/main', oldId: A, newId: ZERO }, member)).toMatchObject({
      allowed: false,
    });
    expect(protectedBranchPolicy({ ref: 'refs/heads/feature', oldId: ZERO, newId: B }, member)).toEqual({
      allowed: true,
    });
    expect(protectedBranchPolicy({ ref: 'refs/tags/v1', oldId: ZERO, newId: B }, member)).toEqual({ allowed: true });
  });

  it('lets the publisher create main, once', () => {
    const creator = context('member', {}, 'creator');
    expect(protectedBranchPolicy({ ref: 'refs/heads/main', oldId: ZERO, newId: A }, creator)).toEqual({
      allowed: true,
    });
    expect(
      protectedBranchPolicy({ ref: 'refs/heads/main', oldId: ZERO, newId: A }, context('member', {})),
    ).toMatchObject({
      allowed: false,
    });
    const after = context('member', { 'refs/heads/main': A }, 'creator');
    expect(protectedBranchPolicy({ ref: 'refs/heads/main', oldId: A, newId: B }, after)).toMatchObject({
      allowed: false,
    });
  });

  it('refuses a command whose old id is not the ref’s any more (a racing push won): fetch first', () => {
    const refused = judgeRefUpdates(
      [
        { ref: 'refs/heads/main', oldId: A, newId: B },
        { ref: 'refs/heads/new', oldId: ZERO, newId: B },
        { ref: 'refs/heads/a..b', oldId: ZERO, newId: B },
      ],
      context('owner', { 'refs/heads/main': B, 'refs/heads/new': A }),
      protectedBranchPolicy,
    );
    expect(Object.fromEntries(refused)).toEqual({
      'refs/heads/main': expect.stringContaining('fetch first'),
      'refs/heads/new': expect.stringContaining('fetch first'),
      'refs/heads/a..b': 'invalid ref name',
    });
  });
});

describe('the head of a push', () => {
  const head = (lines: string[]) => Buffer.concat([...lines.map((line) => pktLine(line)), Buffer.from('0000PACK')]);

  it('reads the ref commands and capabilities up to the flush', () => {
    const parsed = parsePushHead(
      head([
        `${ZERO} ${A} refs/heads/main\0report-status side-band-64k agent=git/2\n`,
        `${A} ${ZERO} refs/heads/old\n`,
      ]),
      10,
    );
    expect(parsed?.commands).toEqual([
      { ref: 'refs/heads/main', oldId: ZERO, newId: A },
      { ref: 'refs/heads/old', oldId: A, newId: ZERO },
    ]);
    expect([...(parsed?.capabilities ?? [])]).toEqual(['report-status', 'side-band-64k', 'agent=git/2']);
  });

  it('waits for more bytes, and refuses what is not a command list', () => {
    const whole = head([`${ZERO} ${A} refs/heads/main\0report-status\n`]);
    for (let cut = 0; cut < whole.length - 4; cut++) expect(parsePushHead(whole.subarray(0, cut), 10)).toBeNull();
    expect(() => parsePushHead(Buffer.from('GET / HTTP/1.1'), 10)).toThrow(PktError);
    expect(() => parsePushHead(Buffer.from('0000'), 10)).toThrow(PktError);
    expect(() => parsePushHead(head(['not a command\n']), 10)).toThrow(PktError);
    expect(() => parsePushHead(head([`${ZERO} ${A}\n`]), 10)).toThrow(PktError);
    const many = Array.from({ length: 3 }, (_, i) => `${ZERO} ${A} refs/heads/b${i}${i === 0 ? '\0ofs-delta' : ''}\n`);
    expect(() => parsePushHead(head(many), 2)).toThrow(/at most 2/);
  });

  it('answers a refusal as git’s report, in the side band when asked', () => {
    const parsed = parsePushHead(head([`${A} ${B} refs/heads/main\0report-status side-band-64k\n`]), 10);
    if (!parsed) throw new Error('not parsed');
    const report = refusalReport(parsed, new Map([['refs/heads/main', 'protected branch']]), 'atomic');
    const inner = Buffer.concat([
      pktLine('unpack ok\n'),
      pktLine('ng refs/heads/main protected branch\n'),
      Buffer.from('0000'),
    ]);
    expect(report).toEqual(Buffer.concat([pktLine(Buffer.concat([Buffer.from([1]), inner])), Buffer.from('0000')]));
    parsed.capabilities.delete('side-band-64k');
    expect(refusalReport(parsed, new Map(), 'atomic push')).toEqual(
      Buffer.concat([pktLine('unpack ok\n'), pktLine('ng refs/heads/main atomic push\n'), Buffer.from('0000')]),
    );
  });
});
