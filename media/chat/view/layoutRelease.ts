import { idleScheduler, type IdleScheduler } from '../idle';

/** Blocks with this class skip layout and paint while off screen (chat.css). */
export const DEFERRED_CLASS = 'layout-deferred';
/** Text released per idle slice: 10–15 ms of layout on this 2-core machine. */
const SLICE_CHARS = 3_000;

/**
 * While an answer streams, its blocks skip layout off screen. Once it is finished they must be
 * laid out exactly (true scroll height, no size guesses for blocks never painted), but dropping
 * the skip for a 100 KB answer at once costs one frame of well over 100 ms. `release` keeps the
 * skip on every block, then takes it off a slice at a time when the page is idle, from the last
 * block (nearest the reader, who followed the stream down) to the first.
 */
export function releaseLayout(container: HTMLElement, idle: IdleScheduler = idleScheduler): void {
  const blocks = Array.from(container.children);
  for (const block of blocks) block.classList.add(DEFERRED_CLASS);
  const slice = () => {
    // The turn was removed or replaced: let its blocks go.
    if (!container.isConnected) return;
    let chars = 0;
    while (blocks.length > 0 && chars < SLICE_CHARS) {
      const block = blocks.pop()!;
      block.classList.remove(DEFERRED_CLASS);
      if (block.classList.length === 0) block.removeAttribute('class');
      chars += block.textContent?.length ?? 0;
    }
    if (blocks.length > 0) idle(slice);
  };
  idle(slice);
}
