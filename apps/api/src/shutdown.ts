/**
 * SIGTERM/SIGINT: run `close` (the server stops accepting, in-flight requests finish, then
 * connections close) and exit 0. If closing hangs, exit 1 after `timeoutMs`: an orchestrator
 * would SIGKILL us soon after anyway. Nest's own shutdown hooks re-raise the signal instead of
 * exiting 0, so the processes install this instead.
 */
export function exitOnShutdownSignal(close: () => Promise<void>, timeoutMs = 10_000): void {
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      setTimeout(() => {
        console.error(`Shutdown took longer than ${timeoutMs} ms; exiting`);
        process.exit(1);
      }, timeoutMs).unref();
      close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('Shutdown failed:', error instanceof Error ? error.message : error);
          process.exit(1);
        },
      );
    });
  }
}
