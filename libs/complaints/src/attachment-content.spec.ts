import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { AttachmentInspector, cleanAttachmentFileName, sniffAttachmentType } from './attachment-content.js';

async function inspect(chunks: Buffer[]): Promise<AttachmentInspector> {
  const inspector = new AttachmentInspector();
  await pipeline(Readable.from(chunks), inspector, async function (source: AsyncIterable<Buffer>) {
    for await (const _chunk of source) {
      // drain
    }
  });
  return inspector;
}

describe('attachment content', () => {
  it('recognises a PDF from its bytes', async () => {
    const inspector = await inspect([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1')]);
    expect(await sniffAttachmentType(inspector.head, inspector.isText)).toBe('application/pdf');
  });

  it('accepts UTF-8 text, also when a character is split across chunks', async () => {
    const text = Buffer.from('Зарплата за март не выплачена', 'utf8');
    const inspector = await inspect([text.subarray(0, 3), text.subarray(3)]);
    expect(inspector.isText).toBe(true);
    expect(inspector.size).toBe(text.length);
    expect(await sniffAttachmentType(inspector.head, inspector.isText)).toBe('text/plain');
  });

  it('refuses text with a NUL byte, invalid UTF-8, or a cut-off character', async () => {
    for (const chunks of [
      [Buffer.from('abc\u0000def', 'utf8')],
      [Buffer.from([0x61, 0xff, 0x62])],
      [Buffer.from('Зарплата', 'utf8').subarray(0, 3)],
    ]) {
      const inspector = await inspect(chunks);
      expect(inspector.isText).toBe(false);
      expect(await sniffAttachmentType(inspector.head, inspector.isText)).toBeNull();
    }
  });

  it('refuses a Windows executable', async () => {
    const exe = Buffer.alloc(256);
    exe.write('MZ', 0, 'ascii');
    exe.writeUInt32LE(0x80, 0x3c);
    exe.write('PE\u0000\u0000', 0x80, 'latin1');
    const inspector = await inspect([exe]);
    expect(await sniffAttachmentType(inspector.head, inspector.isText)).toBeNull();
  });

  it('keeps only the last path segment of a file name, without control characters', () => {
    expect(cleanAttachmentFileName('C:\\Users\\me\\payslip.pdf')).toBe('payslip.pdf');
    expect(cleanAttachmentFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanAttachmentFileName('a\u0000b\nc.png')).toBe('abc.png');
    expect(cleanAttachmentFileName(undefined)).toBe('attachment');
    expect(cleanAttachmentFileName('   ')).toBe('attachment');
    expect(Array.from(cleanAttachmentFileName('я'.repeat(500)))).toHaveLength(200);
  });
});
