import { randomUUID } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@mc/testing';
import { COMPLAINTS, createComplaint, tinyPng, uploadFile, type TestUser } from './complaints.helpers.js';

describe('complaint attachments', () => {
  let api: TestApi;
  let ds: DataSource;
  let caseworker: TestUser;

  beforeAll(async () => {
    api = await createTestApi({ LOGIN_LIMIT_PER_IP: '500' });
    ds = api.app.get(DataSource);
    caseworker = await api.userWithRole('caseworker');
  });
  afterAll(() => api.close());

  const storedFiles = async (complaintId: string): Promise<string[]> => {
    try {
      return await readdir(join(api.config.storageDir, 'complaints', complaintId));
    } catch {
      return [];
    }
  };

  it('stores a PNG encrypted, lists it and downloads the identical bytes', async () => {
    const complaint = await createComplaint(api, caseworker);
    const png = tinyPng();
    // The client's claimed type is ignored: the content decides.
    const upload = await uploadFile(api, complaint.id, caseworker.token, png, 'Иванов зарплата.png', 'text/html');
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({
      complaintId: complaint.id,
      fileName: 'Иванов зарплата.png',
      contentType: 'image/png',
      sizeBytes: png.length,
      uploadedBy: caseworker.id,
    });

    const list = await api.get(`${COMPLAINTS}/${complaint.id}/attachments`, { token: caseworker.token });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [upload.body], nextCursor: null });

    const response = await fetch(`${api.baseUrl}${COMPLAINTS}/${complaint.id}/attachments/${upload.body.id}`, {
      headers: { authorization: `Bearer ${caseworker.token}` },
    });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="______ ________.png"; filename*=UTF-8''${encodeURIComponent('Иванов зарплата.png')}`,
    );

    const [row] = await ds.query(`SELECT storage_key, file_name_enc FROM complaint_attachments WHERE id = $1`, [
      upload.body.id,
    ]);
    expect(row.file_name_enc).toMatch(/^v1\./);
    const onDisk = await readFile(join(api.config.storageDir, row.storage_key));
    expect(onDisk.subarray(0, 4).toString('ascii')).toBe('MCE1');
    expect(onDisk.includes(png.subarray(0, 8))).toBe(false); // the PNG signature
    expect(onDisk.includes(png.subarray(png.length - 12))).toBe(false); // the IEND chunk
    expect(await storedFiles(complaint.id)).toEqual([`${upload.body.id}.mce`]);

    const audit = await ds.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq`, [upload.body.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['attachment.upload', 'attachment.download']);
  });

  it('accepts UTF-8 text as text/plain and never writes the plaintext to disk', async () => {
    const complaint = await createComplaint(api, caseworker);
    const canary = `Переписка с бригадиром ${randomUUID()}`;
    const upload = await uploadFile(api, complaint.id, caseworker.token, Buffer.from(canary, 'utf8'), 'chat.txt');
    expect(upload.status).toBe(201);
    expect(upload.body.contentType).toBe('text/plain');
    const [row] = await ds.query(`SELECT storage_key FROM complaint_attachments WHERE id = $1`, [upload.body.id]);
    const onDisk = await readFile(join(api.config.storageDir, row.storage_key));
    expect(onDisk.includes(Buffer.from(canary, 'utf8'))).toBe(false);
    expect(onDisk.includes(Buffer.from('Переписка', 'utf8'))).toBe(false);

    const download = await api.get(`${COMPLAINTS}/${complaint.id}/attachments/${upload.body.id}`, {
      token: caseworker.token,
    });
    expect(download.status).toBe(200);
    expect(download.text).toBe(canary);
    expect(download.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('refuses an executable and random bytes with 415 and leaves no file behind', async () => {
    const complaint = await createComplaint(api, caseworker);
    const exe = Buffer.alloc(512);
    exe.write('MZ', 0, 'ascii');
    exe.writeUInt32LE(0x80, 0x3c);
    exe.write('PE\u0000\u0000', 0x80, 'latin1');
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    for (const [content, name] of [
      [exe, 'setup.exe'],
      [random, 'payslip.pdf'],
      [Buffer.from('%!PS-Adobe-3.0\n'.padEnd(64, '\u0000'), 'latin1'), 'scan.pdf'],
    ] as const) {
      const res = await uploadFile(api, complaint.id, caseworker.token, content, name, 'application/pdf');
      expect(res.status, name).toBe(415);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await storedFiles(complaint.id)).toEqual([]);
    const list = await api.get(`${COMPLAINTS}/${complaint.id}/attachments`, { token: caseworker.token });
    expect(list.body.items).toEqual([]);
  });

  it('refuses a file over 20 MiB with 413 and leaves no file behind', async () => {
    const complaint = await createComplaint(api, caseworker);
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x61);
    const res = await uploadFile(api, complaint.id, caseworker.token, big, 'big.txt', 'text/plain');
    expect(res.status).toBe(413);
    expect(await storedFiles(complaint.id)).toEqual([]);
    const exactly = Buffer.alloc(20 * 1024 * 1024, 0x62);
    const ok = await uploadFile(api, complaint.id, caseworker.token, exactly, 'exactly.txt', 'text/plain');
    expect(ok.status).toBe(201);
    expect(ok.body.sizeBytes).toBe(exactly.length);
  });

  it('answers 400 for an empty file or a form without a file, and 415 for a JSON body', async () => {
    const complaint = await createComplaint(api, caseworker);
    const empty = await uploadFile(api, complaint.id, caseworker.token, Buffer.alloc(0), 'empty.txt');
    expect(empty.status).toBe(400);
    const form = new FormData();
    form.append('note', 'no file here');
    const noFile = await fetch(`${api.baseUrl}${COMPLAINTS}/${complaint.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${caseworker.token}` },
      body: form,
    });
    expect(noFile.status).toBe(400);
    const json = await api.post(
      `${COMPLAINTS}/${complaint.id}/attachments`,
      { file: 'aGVsbG8=' },
      {
        token: caseworker.token,
      },
    );
    expect(json.status).toBe(415);
    // A multipart body cut off mid-file (no closing boundary).
    const cut = await fetch(`${api.baseUrl}${COMPLAINTS}/${complaint.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${caseworker.token}`, 'content-type': 'multipart/form-data; boundary=XyZ' },
      body: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello, wor',
    });
    expect(cut.status).toBe(400);
    expect(await storedFiles(complaint.id)).toEqual([]);
  });

  it('answers 404 for an unknown attachment and 500 without content when the file was altered on disk', async () => {
    const complaint = await createComplaint(api, caseworker);
    const missing = await api.get(`${COMPLAINTS}/${complaint.id}/attachments/${randomUUID()}`, {
      token: caseworker.token,
    });
    expect(missing.status).toBe(404);

    const upload = await uploadFile(api, complaint.id, caseworker.token, tinyPng(), 'a.png');
    const [row] = await ds.query(`SELECT storage_key FROM complaint_attachments WHERE id = $1`, [upload.body.id]);
    const path = join(api.config.storageDir, row.storage_key);
    const bytes = await readFile(path);
    bytes[bytes.length - 20]! ^= 0x01;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, bytes);
    const tampered = await api.get(`${COMPLAINTS}/${complaint.id}/attachments/${upload.body.id}`, {
      token: caseworker.token,
    });
    expect(tampered.status).toBe(500);
    expect(tampered.headers.get('content-type')).toContain('application/problem+json');
  });
});
