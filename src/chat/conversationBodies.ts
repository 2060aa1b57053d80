import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { KeyValueStore } from '../util/keyValueStore';


/**
 * Where each conversation's JSON lives, one record per id. Reads are synchronous (the session
 * opens one conversation at a time and `Conversations.load` is synchronous); writes are not.
 */
export interface ConversationBodies {
  read(id: string): string | undefined;
  write(id: string, json: string): Promise<void>;
  remove(id: string): Promise<void>;
}

/** Ids the store creates (UUIDs) and nothing else: an id never becomes a path outside the folder. */
const SAFE_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * One JSON file per conversation in the workspace's storage folder. A Memento would keep every
 * conversation in the extension host's memory and re-send all of them to the main process on
 * each save; a file per conversation keeps a save to the one that changed.
 */
export class DirectoryBodies implements ConversationBodies {
  private made = false;
  private swept = false;

  constructor(private readonly folder: string) {}

  read(id: string): string | undefined {
    this.sweepLeftovers();
    if (!SAFE_ID.test(id)) return undefined;
    try {
      return readFileSync(this.file(id), 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Writes to a temporary file and renames it, so a crash never leaves half a conversation. */
  async write(id: string, json: string): Promise<void> {
    if (!SAFE_ID.test(id)) throw new Error(`not a conversation id: ${id}`);
    if (!this.made) {
      mkdirSync(this.folder, { recursive: true });
      this.made = true;
    }
    const temporary = `${this.file(id)}.${process.pid}.tmp`;
    await writeFile(temporary, json, 'utf8');
    await rename(temporary, this.file(id));
  }

  async remove(id: string): Promise<void> {
    if (SAFE_ID.test(id)) await rm(this.file(id), { force: true });
  }

  private file(id: string): string {
    return path.join(this.folder, `${id}.json`);
  }

  /** Once, at the first read: removes the temporary files of writes a crash interrupted (they may hold code a later setting would not keep). */
  private sweepLeftovers(): void {
    if (this.swept) return;
    this.swept = true;
    let names: string[];
    try {
      names = readdirSync(this.folder);
    } catch {
      return;
    }
    // This process's own writes in flight are not leftovers.
    const ours = `.${process.pid}.tmp`;
    for (const name of names) {
      if (!name.endsWith('.tmp') || name.endsWith(ours)) continue;
      try {
        rmSync(path.join(this.folder, name), { force: true });
      } catch {
        // Tried again next time the window opens.
      }
    }
  }
}

/** Conversations kept under keys of a Memento: for a window with no folder (no storage folder) and for tests. */
export class KeyValueBodies implements ConversationBodies {
  constructor(
    private readonly store: KeyValueStore,
    private readonly prefix = 'askBedrock.conversation.',
  ) {}

  read(id: string): string | undefined {
    const value = this.store.get<unknown>(this.prefix + id);
    return typeof value === 'string' ? value : undefined;
  }

  async write(id: string, json: string): Promise<void> {
    await this.store.update(this.prefix + id, json);
  }

  async remove(id: string): Promise<void> {
    await this.store.update(this.prefix + id, undefined);
  }
}
