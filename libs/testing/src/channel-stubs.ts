import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';

/*
 * Local stand-ins for the outside channels of notifications, for tests: an SMTP server that keeps
 * what it accepts and a Telegram Bot API stub that records sendMessage calls.
 */

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** A local SMTP server that keeps every message it accepts. */
export async function startSmtpServer(): Promise<{ server: SMTPServer; port: number; mails: ReceivedMail[] }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, mails };
}

export interface BotRequest {
  path: string;
  chatId: string;
  text: string;
}

/** A local stand-in for the Telegram Bot API: records sendMessage calls, answers as planned per chat. */
export async function startBotApiStub() {
  const requests: BotRequest[] = [];
  const plans = new Map<string, number[]>();
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { chat_id?: string; text?: string };
      const chatId = String(body.chat_id);
      requests.push({ path: req.url ?? '', chatId, text: body.text ?? '' });
      const status = plans.get(chatId)?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          status === 200
            ? { ok: true, result: { message_id: requests.length, chat: { id: chatId }, text: body.text } }
            : { ok: false, error_code: status, description: `stub answered ${status}` },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    requests,
    /** Statuses to answer for this chat, in order; then 200. */
    plan: (chatId: string, statuses: number[]) => plans.set(chatId, [...statuses]),
    requestsFor: (chatId: string) => requests.filter((r) => r.chatId === chatId),
  };
}

/** Polls `read` until `done` holds; throws on timeout, saying what it saw last (never hangs, never passes silently). */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) {
      const seen = JSON.stringify(value) ?? String(value);
      throw new Error(`waitFor: condition not met within ${timeoutMs} ms; last value: ${seen.slice(0, 500)}`);
    }
    await sleep(100);
    value = await read();
  }
  return value;
}
