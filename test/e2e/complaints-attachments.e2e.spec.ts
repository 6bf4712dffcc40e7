import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEncryptStream, decryptFileToBuffer, FieldEncryptionService } from '@mc/security';
import { createTestApi, type TestApi } from '../support/test-api.js';
import {
  COMPLAINTS,
  createComplaint,
  createComplaintOfRealWorkers,
  createRealWorker,
  tinyPng,
  uploadFile,
  type TestUser,
} from './complaints.helpers.js';

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
    const complaint = await createComplaintOfRealWorkers(api, caseworker);
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

  it('streams a 5 MiB download byte for byte, with its length', async () => {
    const complaint = await createComplaintOfRealWorkers(api, caseworker);
    // UTF-8 text (any bytes without NUL would not sniff as an allowed type), under the 20 MiB cap.
    const text = Buffer.from(randomBytes(3.75 * 1024 * 1024).toString('base64'), 'ascii');
    expect(text.length).toBe(5 * 1024 * 1024);
    const upload = await uploadFile(api, complaint.id, caseworker.token, text, 'chat-export.txt');
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    expect(upload.body.sizeBytes).toBe(text.length);
    const response = await fetch(`${api.baseUrl}${COMPLAINTS}/${complaint.id}/attachments/${upload.body.id}`, {
      headers: { authorization: `Bearer ${caseworker.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(text.length));
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    // Buffer.equals, not toEqual: a deep compare of 5 MiB byte by byte is very slow.
    expect(Buffer.from(await response.arrayBuffer()).equals(text)).toBe(true);
  });

  it('accepts UTF-8 text as text/plain and never writes the plaintext to disk', async () => {
    const complaint = await createComplaintOfRealWorkers(api, caseworker);
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
    const complaint = await createComplaintOfRealWorkers(api, caseworker);
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
    const complaint = await createComplaintOfRealWorkers(api, caseworker);
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
    const complaint = await createComplaintOfRealWorkers(api, caseworker);
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
    const complaint = await createComplaintOfRealWorkers(api, caseworker);
    const missing = await api.get(`${COMPLAINTS}/${complaint.id}/attachments/${randomUUID()}`, {
      token: caseworker.token,
    });
    expect(missing.status).toBe(404);

    const upload = await uploadFile(api, complaint.id, caseworker.token, tinyPng(), 'a.png');
    const [row] = await ds.query(`SELECT storage_key FROM complaint_attachments WHERE id = $1`, [upload.body.id]);
    const path = join(api.config.storageDir, row.storage_key);
    const bytes = await readFile(path);
    bytes[bytes.length - 20]! ^= 0x01;
    await writeFile(path, bytes);
    const tampered = await api.get(`${COMPLAINTS}/${complaint.id}/attachments/${upload.body.id}`, {
      token: caseworker.token,
    });
    expect(tampered.status).toBe(500);
    expect(tampered.headers.get('content-type')).toContain('application/problem+json');
  });

  describe("whose document it is: encrypted under that worker's key", () => {
    /** A data key as the app opens it, from the row that holds it wrapped. */
    const keyOf = async (table: 'migrant_workers' | 'complaints', id: string): Promise<Buffer> => {
      const [row] = await ds.query(`SELECT data_key_wrapped, data_key_master_id FROM ${table} WHERE id = $1`, [id]);
      return api.app.get(FieldEncryptionService).openDataKey({
        wrapped: row.data_key_wrapped,
        masterKeyId: row.data_key_master_id,
        ownerId: id,
      });
    };
    const fileOf = async (attachmentId: string): Promise<string> => {
      const [row] = await ds.query(`SELECT storage_key FROM complaint_attachments WHERE id = $1`, [attachmentId]);
      return join(api.config.storageDir, row.storage_key);
    };

    it("stores the file under its worker's key, not the complaint's", async () => {
      const complaint = await createComplaintOfRealWorkers(api, caseworker);
      const png = tinyPng();
      const upload = await uploadFile(api, complaint.id, caseworker.token, png, 'passport.png');
      expect(upload.status, JSON.stringify(upload.body)).toBe(201);
      expect(upload.body.workerId).toBe(complaint.workerIds[0]);
      const path = await fileOf(upload.body.id);
      const aad = `complaint_attachments:${upload.body.id}`;
      const plain = await decryptFileToBuffer(path, await keyOf('migrant_workers', complaint.workerIds[0]), aad);
      expect(plain.equals(png)).toBe(true);
      await expect(decryptFileToBuffer(path, await keyOf('complaints', complaint.id), aad)).rejects.toThrow();
    });

    it('asks whose document it is when a complaint concerns several workers', async () => {
      const complaint = await createComplaintOfRealWorkers(api, caseworker, 2);
      const [first, second] = complaint.workerIds as string[];
      const unnamed = await uploadFile(api, complaint.id, caseworker.token, tinyPng(), 'a.png');
      expect(unnamed.status).toBe(400);
      expect(unnamed.body.detail).toMatch(/workerId/);
      const stranger = await createRealWorker(api, caseworker);
      const notOnCase = await uploadFile(
        api,
        complaint.id,
        caseworker.token,
        tinyPng(),
        'a.png',
        'image/png',
        `?workerId=${stranger}`,
      );
      expect(notOnCase.status).toBe(422);
      const bad = await uploadFile(
        api,
        complaint.id,
        caseworker.token,
        tinyPng(),
        'a.png',
        'image/png',
        '?workerId=nope',
      );
      expect(bad.status).toBe(400);
      const named = await uploadFile(
        api,
        complaint.id,
        caseworker.token,
        tinyPng(),
        'a.png',
        'image/png',
        `?workerId=${second}`,
      );
      expect(named.status).toBe(201);
      expect(named.body.workerId).toBe(second);
      expect(named.body.workerId).not.toBe(first);
      expect(await storedFiles(complaint.id)).toEqual([`${named.body.id}.mce`]);
    });

    it("cannot be read by anyone once its worker's key is destroyed (erasure), the master key notwithstanding", async () => {
      const complaint = await createComplaintOfRealWorkers(api, caseworker);
      const workerId = complaint.workerIds[0] as string;
      const upload = await uploadFile(api, complaint.id, caseworker.token, tinyPng(), 'Иванов паспорт.png');
      expect(upload.status).toBe(201);
      const path = await fileOf(upload.body.id);
      const complaintKey = await keyOf('complaints', complaint.id);
      // What erasure does to the person: the wrapped data key goes.
      await ds.query(
        `UPDATE migrant_workers SET erased_at = now(), data_key_wrapped = NULL, data_key_master_id = NULL WHERE id = $1`,
        [workerId],
      );
      const download = await api.get(`${COMPLAINTS}/${complaint.id}/attachments/${upload.body.id}`, {
        token: caseworker.token,
      });
      expect(download.status).toBe(410);
      expect(download.headers.get('content-type')).toContain('application/problem+json');
      const list = await api.get(`${COMPLAINTS}/${complaint.id}/attachments`, { token: caseworker.token });
      expect(list.body.items).toEqual([expect.objectContaining({ id: upload.body.id, workerId, fileName: null })]);
      // Nothing left in the database opens it: not the complaint's key (wrapped by the master key).
      await expect(
        decryptFileToBuffer(path, complaintKey, `complaint_attachments:${upload.body.id}`),
      ).rejects.toThrow();
      const again = await uploadFile(api, complaint.id, caseworker.token, tinyPng(), 'b.png');
      expect(again.status).toBe(409);
    });

    it('still reads a document stored before documents had an owner (complaint key)', async () => {
      const complaint = await createComplaint(api, caseworker);
      const id = randomUUID();
      const storageKey = `complaints/${complaint.id}/${id}.mce`;
      const key = await keyOf('complaints', complaint.id);
      await mkdir(join(api.config.storageDir, 'complaints', complaint.id), { recursive: true });
      const text = Buffer.from('старый документ', 'utf8');
      await pipeline(
        Readable.from([text]),
        createEncryptStream(key, `complaint_attachments:${id}`),
        createWriteStream(join(api.config.storageDir, storageKey)),
      );
      const encryption = api.app.get(FieldEncryptionService);
      const name = encryption.encrypt(key, 'old.txt', {
        table: 'complaint_attachments',
        column: 'file_name',
        rowId: id,
      });
      await ds.query(
        `INSERT INTO complaint_attachments (id, complaint_id, worker_id, uploaded_by, file_name_enc, content_type, size_bytes, storage_key)
         VALUES ($1, $2, NULL, $3, $4, 'text/plain', $5, $6)`,
        [id, complaint.id, caseworker.id, name, text.length, storageKey],
      );
      const list = await api.get(`${COMPLAINTS}/${complaint.id}/attachments`, { token: caseworker.token });
      expect(list.body.items).toEqual([expect.objectContaining({ id, workerId: null, fileName: 'old.txt' })]);
      const download = await api.get(`${COMPLAINTS}/${complaint.id}/attachments/${id}`, { token: caseworker.token });
      expect(download.status).toBe(200);
      expect(download.text).toBe('старый документ');
    });
  });
});
