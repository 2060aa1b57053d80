/** On Ctrl+C (or SIGTERM), runs `stops` in reverse order once, then exits. */
export function stopOnSignal(stops: Array<() => unknown>): void {
  console.log('Press Ctrl+C to stop.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    for (const s of [...stops].reverse()) await s();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
