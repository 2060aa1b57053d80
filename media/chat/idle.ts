/** Runs a callback when the page is idle (`requestIdleCallback`, or a fake in tests). */
export type IdleScheduler = (callback: () => void) => void;

/** The browser's idle callbacks (at most 250 ms late), or a short timeout where there are none. */
export const idleScheduler: IdleScheduler = (callback) => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => callback(), { timeout: 250 });
  else setTimeout(callback, 16);
};
