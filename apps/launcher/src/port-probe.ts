import { createConnection, createServer } from 'node:net';

/** True when something accepts TCP connections on host:port within the timeout. */
export function isPortOpen(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * The preferred port when it can be bound on host, else one the kernel picks. A well-known port
 * keeps URLs stable between laptop runs; the fallback avoids failing when it is taken.
 */
export async function findFreePort(host: string, preferred: number): Promise<number> {
  return (await tryListen(host, preferred)) ?? (await tryListen(host, 0))!;
}

function tryListen(host: string, port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (port !== 0 && (error.code === 'EADDRINUSE' || error.code === 'EACCES')) resolve(undefined);
      else reject(error);
    });
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** Waits until check() is true, polling; false when the deadline passes or abort() says stop. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  abort: () => boolean = () => false,
  intervalMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (abort()) return false;
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}

/** Keeps the last lines of a child process's output, so a failure can say why in one line. */
export class OutputTail {
  private readonly lines: string[] = [];

  constructor(private readonly max = 30) {}

  push(chunk: Buffer | string): void {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (line.trim() === '') continue;
      this.lines.push(line.trim());
      if (this.lines.length > this.max) this.lines.shift();
    }
  }

  /** The most telling line: the last error-looking one, else the last one. */
  reason(pattern = /FATAL|ERROR|PANIC|error|denied|refused/): string | undefined {
    return [...this.lines].reverse().find((l) => pattern.test(l)) ?? this.lines.at(-1);
  }
}

/** Rejects with "<what> timed out" when the promise has not settled in time. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
