/**
 * Prompt-cache accounting with Bedrock's documented semantics. Cache points (`cachePoint`
 * blocks in tools, system and messages, processed in that order) mark prefixes; a prefix seen
 * within its TTL (5 min by default, `1h` when asked, refreshed on every hit) is read from the
 * cache (Claude also finds a hit at any of the 20 block boundaries before a cache point), the
 * rest up to the last cache point is written; a checkpoint covering fewer than
 * 1,024 tokens since the previous one caches nothing (inference still succeeds).
 * Tokens are estimated as ceil(chars / 4) of each block's JSON, the same everywhere.
 */
import { createHash, type Hash } from 'node:crypto';
import { type CachePoint, type ConverseBody } from './converseRequest';

/** Bedrock's minimum tokens per cache checkpoint (Claude Sonnet / Opus). */
export const MIN_CACHE_CHECKPOINT_TOKENS = 1024;

const TTL_MS: Record<string, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

/** The input token counts of one request, as ConverseStream's metadata.usage reports them. */
export interface CacheUsage {
  /** Tokens neither read from nor written to the cache. */
  inputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
}

/** Estimated tokens of one block. */
export function estimateTokens(block: unknown): number {
  return Math.ceil(JSON.stringify(block).length / 4);
}

interface Boundary {
  key: string;
  prefixTokens: number;
  /** Blocks before this point. */
  block: number;
}

interface Checkpoint extends Boundary {
  ttlMs: number;
}

/** How many block boundaries before a cache point Bedrock checks for a hit (Claude's automatic lookback). */
export const CACHE_LOOKBACK_BLOCKS = 20;

/** The fake's cache: prefix hash → expiry time. */
export class PromptCache {
  private readonly entries = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Accounts one request's input against the cache, and updates the cache. */
  account(modelId: string, body: ConverseBody): CacheUsage {
    const { total, checkpoints, boundaries } = walk(modelId, body);
    const eligible: Checkpoint[] = [];
    let covered = 0;
    for (const c of checkpoints) {
      if (c.prefixTokens - covered < MIN_CACHE_CHECKPOINT_TOKENS) continue;
      eligible.push(c);
      covered = c.prefixTokens;
    }
    const now = this.now();
    // The longest cached prefix ending at a cache point or at a block boundary shortly before one.
    let hit: Boundary | undefined;
    for (const c of eligible) {
      for (const b of boundaries) {
        if (b.block > c.block || b.block < c.block - CACHE_LOOKBACK_BLOCKS || (hit && b.prefixTokens <= hit.prefixTokens)) continue;
        if ((this.entries.get(b.key) ?? 0) > now) hit = b;
      }
    }
    const read = hit?.prefixTokens ?? 0;
    if (hit) this.entries.set(hit.key, now + (eligible.find((c) => c.block >= hit!.block)?.ttlMs ?? TTL_MS['5m']));
    const written = eligible.filter((c) => c.prefixTokens > read);
    for (const c of written) this.entries.set(c.key, now + c.ttlMs);
    const write = written.length > 0 ? written[written.length - 1].prefixTokens - read : 0;
    return { inputTokens: total - read - write, cacheReadInputTokens: read, cacheWriteInputTokens: write };
  }

  /** Forgets everything (as if every entry expired). */
  clear(): void {
    this.entries.clear();
  }
}

/** Total input tokens, the cache points, and every block boundary, each with the hash and size of the prefix before it. */
function walk(modelId: string, body: ConverseBody): { total: number; checkpoints: Checkpoint[]; boundaries: Boundary[] } {
  const hash = createHash('sha256').update(modelId);
  const checkpoints: Checkpoint[] = [];
  const boundaries: Boundary[] = [];
  let total = 0;
  let block = 0;
  const visit = (h: Hash, item: { cachePoint?: CachePoint }) => {
    if (item.cachePoint) {
      checkpoints.push({ key: h.copy().digest('base64'), prefixTokens: total, block, ttlMs: TTL_MS[item.cachePoint.ttl ?? '5m'] ?? TTL_MS['5m'] });
      return;
    }
    h.update(JSON.stringify(item));
    total += estimateTokens(item);
    block++;
    boundaries.push({ key: h.copy().digest('base64'), prefixTokens: total, block });
  };
  for (const tool of body.toolConfig?.tools ?? []) visit(hash, tool);
  for (const item of body.system ?? []) visit(hash, item);
  // Changing the thinking settings invalidates cached message prefixes, not system or tools.
  hash.update(JSON.stringify(body.additionalModelRequestFields?.thinking ?? null));
  for (const message of body.messages ?? []) {
    hash.update(`\0${message.role}\0`);
    for (const item of message.content) visit(hash, item);
  }
  return { total, checkpoints, boundaries };
}
