import * as fs from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import git from 'isomorphic-git';
import type { AiCheckpoint } from '../contracts/ai.js';
import { CoreError } from '../contracts/errors.js';

const AUTHOR = { name: 'WebNova AI', email: 'ai@webnova.invalid' };
/** The trailer that marks a commit as an applied AI turn, and names the turn. */
const TRAILER = 'WebNova-Turn: ';

function checkpointOf(oid: string, message: string, time: number): AiCheckpoint | null {
  const turn = message.split('\n').find((line) => line.startsWith(TRAILER));
  if (!turn) return null;
  return { oid, message: message.split('\n')[0] ?? '', turnId: turn.slice(TRAILER.length).trim() || null, time };
}

async function headOid(dir: string): Promise<string | null> {
  try {
    return await git.resolveRef({ fs, dir, ref: 'HEAD' });
  } catch {
    return null;
  }
}

/**
 * Each applied AI turn as a git commit of the files it changed (isomorphic-git, in the workspace's
 * own repository, created when there is none), so the user can go back to any of them in one click.
 */
export class Checkpoints {
  constructor(readonly root: string) {}

  async #ensureRepository(): Promise<void> {
    if (fs.existsSync(join(this.root, '.git'))) return;
    await git.init({ fs, dir: this.root, defaultBranch: 'main' });
  }

  /** Commits `paths` (as they are on disk now) as the checkpoint of `turnId`. */
  async record(turnId: string, title: string, paths: readonly string[]): Promise<AiCheckpoint> {
    await this.#ensureRepository();
    const dir = this.root;
    for (const path of paths) {
      if (fs.existsSync(join(dir, path))) await git.add({ fs, dir, filepath: path });
      else await git.remove({ fs, dir, filepath: path });
    }
    const message = `${title.split('\n')[0]?.slice(0, 200)}\n\n${TRAILER}${turnId}\n`;
    const oid = await git.commit({ fs, dir, message, author: AUTHOR, committer: AUTHOR });
    const { commit } = await git.readCommit({ fs, dir, oid });
    return { oid, message: commit.message.split('\n')[0] ?? '', turnId, time: commit.committer.timestamp * 1000 };
  }

  /** AI checkpoints on the current branch, newest first. */
  async list(limit = 100): Promise<AiCheckpoint[]> {
    if (!(await headOid(this.root))) return [];
    const log = await git.log({ fs, dir: this.root, depth: 500 });
    return log
      .map((entry) => checkpointOf(entry.oid, entry.commit.message, entry.commit.committer.timestamp * 1000))
      .filter((entry): entry is AiCheckpoint => entry !== null)
      .slice(0, limit);
  }

  /**
   * Puts every file that differs between HEAD and the checkpoint back as it was there (deleting the
   * ones it did not have), and records that as a new commit: restoring is itself undoable.
   */
  async restore(oid: string): Promise<{ restored: AiCheckpoint; files: string[] }> {
    const dir = this.root;
    const checkpoint = (await this.list(500)).find((entry) => entry.oid === oid);
    if (!checkpoint) throw new CoreError('NOT_FOUND', { code: 'ERROR_NO_CHECKPOINT', params: { oid } });
    const head = await headOid(dir);
    const changed: string[] = [];
    await git.walk({
      fs,
      dir,
      trees: [git.TREE({ ref: oid }), git.TREE({ ref: head ?? oid })],
      map: async (filepath, [then, now]) => {
        if (filepath === '.') return;
        if ((await then?.type()) === 'tree' || (await now?.type()) === 'tree') return;
        const [a, b] = [await then?.oid(), await now?.oid()];
        if (a !== b) changed.push(filepath);
      },
    });
    for (const path of changed) {
      const target = join(dir, path);
      try {
        const { blob } = await git.readBlob({ fs, dir, oid, filepath: path });
        fs.mkdirSync(dirname(target), { recursive: true });
        fs.writeFileSync(target, blob);
      } catch (error) {
        if ((error as { code?: string }).code !== 'NotFoundError') throw error;
        await rm(target, { force: true });
      }
    }
    if (changed.length > 0) {
      await this.record(checkpoint.turnId ?? 'restore', `Restore checkpoint: ${checkpoint.message}`, changed);
    }
    return { restored: checkpoint, files: changed };
  }
}
