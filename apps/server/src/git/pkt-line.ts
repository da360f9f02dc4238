/**
 * Git's pkt-line framing (gitprotocol-common): four hex digits of length (itself included), then the
 * data; `0000` is a flush. Only what the server reads or writes itself: the ref-update commands at the
 * head of a push, and the report-status of a push the server refuses. Packs go to git untouched.
 */

export const FLUSH = Buffer.from('0000');
/** The largest pkt-line: 65520 bytes, its length included. */
const MAX_PKT = 65520;

export function pktLine(data: string | Buffer): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  if (body.length + 4 > MAX_PKT) throw new Error('a pkt-line is at most 65520 bytes');
  return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, '0')), body]);
}

/** One ref update a push asks for: `<old id> <new id> <ref>`; an all-zero id on either side creates or deletes. */
export interface RefCommand {
  ref: string;
  oldId: string;
  newId: string;
}

export interface PushHead {
  commands: RefCommand[];
  /** The capabilities the client asked for (after the first command's NUL). */
  capabilities: Set<string>;
}

const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export class PktError extends Error {}

/**
 * The ref-update commands at the head of a receive-pack request, read from `bytes` (the request's
 * first bytes), up to their flush. Null while the flush has not arrived in `bytes`; throws `PktError`
 * on anything that is not a command list (`shallow` lines, which a shallow clone sends first, are skipped).
 */
export function parsePushHead(bytes: Buffer, maxCommands: number): PushHead | null {
  const commands: RefCommand[] = [];
  let capabilities = new Set<string>();
  let offset = 0;
  for (;;) {
    if (bytes.length < offset + 4) return null;
    const lengthText = bytes.toString('latin1', offset, offset + 4);
    if (!/^[0-9a-f]{4}$/.test(lengthText)) throw new PktError('the request is not a pkt-line stream');
    const length = Number.parseInt(lengthText, 16);
    if (length === 0) {
      if (commands.length === 0) throw new PktError('the push names no ref to update');
      return { commands, capabilities };
    }
    if (length < 5 || length > MAX_PKT) throw new PktError('a pkt-line has an impossible length');
    if (bytes.length < offset + length) return null;
    let line = bytes.subarray(offset + 4, offset + length);
    offset += length;
    if (line.at(-1) === 0x0a) line = line.subarray(0, -1);
    const nul = line.indexOf(0);
    if (nul >= 0) {
      if (commands.length > 0) throw new PktError('capabilities come with the first command only');
      capabilities = new Set(
        line
          .toString('latin1', nul + 1)
          .split(' ')
          .filter(Boolean),
      );
      line = line.subarray(0, nul);
    }
    const text = line.toString('latin1');
    if (text.startsWith('shallow ') && commands.length === 0) continue;
    const [oldId, newId, ...rest] = text.split(' ');
    const ref = rest.join(' ');
    if (!oldId || !newId || !OBJECT_ID.test(oldId) || !OBJECT_ID.test(newId) || ref === '') {
      throw new PktError('a ref update is not `<old id> <new id> <ref>`');
    }
    commands.push({ ref, oldId, newId });
    if (commands.length > maxCommands) throw new PktError(`a push updates at most ${maxCommands} refs`);
  }
}

/**
 * receive-pack's answer for a push refused before git saw it: `unpack ok` (nothing was unpacked, nothing
 * failed to be) and `ng <ref> <reason>` for each command, in the side band when the client asked for one,
 * so git prints `! [remote rejected] main -> main (<reason>)`.
 */
export function refusalReport(head: PushHead, reasons: ReadonlyMap<string, string>, fallback: string): Buffer {
  const lines = [pktLine('unpack ok\n')];
  for (const command of head.commands) {
    const reason = (reasons.get(command.ref) ?? fallback).replace(/[\r\n]/g, ' ');
    lines.push(pktLine(`ng ${command.ref} ${reason}\n`));
  }
  lines.push(FLUSH);
  const report = Buffer.concat(lines);
  if (!head.capabilities.has('side-band-64k') && !head.capabilities.has('side-band')) return report;
  const size = head.capabilities.has('side-band-64k') ? MAX_PKT - 5 : 995;
  const banded: Buffer[] = [];
  for (let at = 0; at < report.length; at += size) {
    banded.push(pktLine(Buffer.concat([Buffer.from([1]), report.subarray(at, at + size)])));
  }
  banded.push(FLUSH);
  return Buffer.concat(banded);
}
