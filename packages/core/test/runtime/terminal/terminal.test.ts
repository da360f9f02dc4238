import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { until } from '../../support/until.js';
import { isRunning, recordingTerminals } from './harness.js';

const size = { cols: 80, rows: 24 };

describe('terminals on a real pty', () => {
  it('runs a command and sends its output back', async () => {
    const { terminals, waitFor } = recordingTerminals();
    const info = await terminals.create({ cwd: '/tmp', ...size });
    expect(info).toMatchObject({ status: 'running', cwd: '/tmp', cols: 80, rows: 24, exitCode: null });
    // The quotes keep the typed line from matching: only the command's output reads "hello".
    terminals.write(info.id, 'echo "hel""lo"; pwd\r');
    await waitFor(info.id, /[\r\n]hello\r\n\/tmp\r\n/);
    await terminals.closeAll();
  });

  it('resizing changes what stty size reports', async () => {
    const { terminals, waitFor, output } = recordingTerminals();
    const { id } = await terminals.create({ cwd: '/tmp', ...size });
    terminals.write(id, 'stty size\r');
    await waitFor(id, /[\r\n]24 80\r\n/);
    const from = output(id).length;
    terminals.resize(id, 132, 40);
    terminals.write(id, 'stty size\r');
    await waitFor(id, /[\r\n]40 132\r\n/, from);
    expect(terminals.list()[0]).toMatchObject({ cols: 132, rows: 40 });
    await terminals.closeAll();
  });

  it('kill ends the shell and the job running in it, and forgets the terminal', async () => {
    const { terminals, waitFor, exits } = recordingTerminals();
    const { id, pid } = await terminals.create({ cwd: '/tmp', ...size });
    terminals.write(id, 'sleep 300 & echo "jo""b=$!"\r');
    const jobPid = Number((await waitFor(id, /job=\d+/)).slice(4));
    await terminals.kill(id);
    expect(exits.has(id)).toBe(true);
    expect(terminals.list()).toEqual([]);
    expect(isRunning(pid)).toBe(false);
    // The hang-up reaches the job through the shell: it ends soon after, however busy the machine is.
    await until(() => !isRunning(jobPid));
    expect(() => terminals.write(id, 'x')).toThrow(/not open/);
  });

  it('reports the exit code and keeps an exited terminal listed until it is closed', async () => {
    const { terminals, exits } = recordingTerminals();
    const { id } = await terminals.create({ cwd: '/tmp', ...size });
    terminals.write(id, 'exit 3\r');
    await terminals.session(id).exited;
    expect(exits.get(id)).toBe(3);
    expect(terminals.list()).toMatchObject([{ id, status: 'exited', exitCode: 3 }]);
    await terminals.kill(id);
    expect(terminals.list()).toEqual([]);
  });

  it('renames, and answers an unknown terminal with NOT_FOUND', async () => {
    const { terminals } = recordingTerminals();
    const { id, name } = await terminals.create({ cwd: '/tmp', ...size });
    expect(name).toBe('bash 1');
    expect(terminals.rename(id, 'server')).toMatchObject({ id, name: 'server' });
    expect(() => terminals.resize('nope', 80, 24)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    await terminals.closeAll();
  });

  it('refuses more terminals than the limit', async () => {
    const { terminals } = recordingTerminals({ maxTerminals: 1 });
    await terminals.create({ cwd: '/tmp', ...size });
    await expect(terminals.create({ cwd: '/tmp', ...size })).rejects.toMatchObject({ code: 'CONFLICT' });
    await terminals.closeAll();
  });
});

describe('flow control and scrollback', () => {
  const limits = { highWatermark: 100_000, lowWatermark: 20_000, batchChars: 16_384, scrollbackChars: 200_000 };

  it('pauses a `yes` flood while the client is behind and resumes on acknowledgement', async () => {
    const recorder = recordingTerminals({ ack: false, limits });
    const { terminals, chunks } = recorder;
    const { id } = await terminals.create({ cwd: '/tmp', ...size });
    const session = terminals.session(id);
    terminals.write(id, 'yes\r');
    const sent = () => chunks.reduce((sum, chunk) => sum + chunk.data.length, 0);
    const bound = limits.highWatermark + limits.batchChars + 65_536;
    await until(() => session.paused);
    // A window in which `yes` would send megabytes if it were not paused. What was read before the
    // pause took hold may still go out, but what is unacknowledged stays the watermark plus one batch
    // and what the pty had buffered, however long the window (a loaded machine only makes it shorter
    // in effect, never the test wrong).
    await sleep(1_000);
    const sentWhilePaused = sent();
    expect(session.paused).toBe(true);
    expect(sentWhilePaused).toBeLessThanOrEqual(bound);
    expect(session.unacknowledged).toBeLessThanOrEqual(bound);

    // A client that keeps up gets the flood at full speed, with everything bounded for seconds on end.
    recorder.setAck(true);
    terminals.ack(id, session.unacknowledged);
    const heapBefore = process.memoryUsage().heapUsed;
    let maxUnacked = 0;
    let maxScrollback = 0;
    // Until a few megabytes went through, however long that takes on this machine.
    await until(() => {
      maxUnacked = Math.max(maxUnacked, session.unacknowledged);
      maxScrollback = Math.max(maxScrollback, session.scrollbackSize);
      return sent() - sentWhilePaused > 3_000_000;
    });
    expect(maxUnacked).toBeLessThanOrEqual(bound);
    expect(maxScrollback).toBeLessThanOrEqual(limits.scrollbackChars);
    chunks.length = 0;
    // Several megabytes went through; the heap holds about the scrollback, not the flood.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    await terminals.closeAll();
  });

  it('keeps a bounded scrollback and a re-attach returns its tail, continuing where events go on', async () => {
    const { terminals, chunks, waitFor } = recordingTerminals({ limits });
    const { id } = await terminals.create({ cwd: '/tmp', ...size });
    terminals.write(id, 'seq 1 60000; echo "do""ne"\r');
    // Up to the prompt that follows (bash writes nothing more until typed at), so every chunk is out.
    await waitFor(id, /[\r\n]done\r\n[\s\S]*\$ $/);
    const { scrollback, end } = terminals.attach(id);
    expect(scrollback.length).toBeLessThanOrEqual(limits.scrollbackChars);
    expect(scrollback.length).toBeGreaterThan(limits.scrollbackChars - 5000);
    expect(scrollback).toMatch(/59999\r\n60000\r\ndone\r\n/);
    expect(scrollback).not.toMatch(/\r\n1000\r\n/);
    // Offsets line up: the chunks are contiguous and end where the scrollback ends.
    const mine = chunks.filter((chunk) => chunk.id === id);
    let offset = 0;
    for (const chunk of mine) {
      expect(chunk.offset).toBe(offset);
      offset += chunk.data.length;
    }
    expect(offset).toBe(end);
    // What comes after the attach starts exactly at its end.
    terminals.write(id, 'echo "af""ter"\r');
    await waitFor(id, /[\r\n]after\r\n/);
    expect(chunks.filter((chunk) => chunk.id === id && chunk.offset >= end)[0]?.offset).toBe(end);
    await terminals.closeAll();
  });

  it('an attach releases a shell paused by a client that went away', async () => {
    const { terminals } = recordingTerminals({ ack: false, limits });
    const { id } = await terminals.create({ cwd: '/tmp', ...size });
    const session = terminals.session(id);
    terminals.write(id, 'yes\r');
    await until(() => session.paused);
    terminals.attach(id);
    expect(session.paused).toBe(false);
    expect(session.unacknowledged).toBe(0);
    await terminals.closeAll();
  });
});
