import { deflateSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { insertEmployer, insertWorker } from '@mc/testing';
import { type TestApi } from '../support/test-api.js';

export const COMPLAINTS = '/api/v1/complaints';

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

/** A valid create body for a worker and employer made with raw-SQL fixtures. */
export async function complaintBody(
  api: TestApi,
  owner: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const ds = api.app.get(DataSource);
  const worker = await insertWorker(ds, { createdBy: owner.id });
  const employer = await insertEmployer(ds);
  return {
    workerIds: [worker.id],
    employerId: employer.id,
    categories: ['unpaid_wages'],
    summary: 'Wages for March were not paid',
    countryOfWork: 'DE',
    region: 'DE-NW',
    city: 'Düsseldorf',
    ...overrides,
  };
}

/**
 * A worker created through the API, with a real data key (a fixture worker's key cannot be
 * opened): needed wherever something is encrypted under the worker's key, such as documents.
 */
export async function createRealWorker(api: TestApi, owner: TestUser): Promise<string> {
  const res = await api.post(
    '/api/v1/workers',
    {
      fullName: 'Олена Коваль',
      preferredLanguage: 'uk',
      countryOfWork: 'DE',
      residenceStatus: 'work_permit',
      consent: { dataProcessing: true, partnerSharing: 'none', contactChannels: [] },
    },
    { token: owner.token },
  );
  if (res.status !== 201) throw new Error(`worker create failed: ${res.status} ${res.text}`);
  return (res.body as { id: string }).id;
}

/** A complaint about `count` workers made through the API (see createRealWorker). */
export async function createComplaintOfRealWorkers(
  api: TestApi,
  owner: TestUser,
  count = 1,
  overrides: Record<string, unknown> = {},
): Promise<any> {
  const workerIds: string[] = [];
  for (let i = 0; i < count; i++) workerIds.push(await createRealWorker(api, owner));
  return createComplaint(api, owner, { workerIds, ...overrides });
}

export async function createComplaint(
  api: TestApi,
  owner: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<any> {
  const response = await api.post(COMPLAINTS, await complaintBody(api, owner, overrides), { token: owner.token });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${response.text}`);
  return response.body;
}

/** A valid 1×1 PNG (signature, IHDR, IDAT, IEND) with correct CRCs. */
export function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0); // width
  ihdr.writeUInt32BE(1, 4); // height
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const pixels = deflateSync(Buffer.from([0, 0xd4, 0x2a, 0x2a])); // filter byte + one red-ish pixel
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** POST a multipart upload with fetch (TestApi.request sends JSON only). */
export async function uploadFile(
  api: TestApi,
  complaintId: string,
  token: string,
  content: Buffer | Uint8Array,
  fileName: string,
  type = 'application/octet-stream',
  query = '',
): Promise<{ status: number; body: any; headers: Headers }> {
  const form = new FormData();
  form.append('file', new Blob([content], { type }), fileName);
  const response = await fetch(`${api.baseUrl}${COMPLAINTS}/${complaintId}/attachments${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await response.text();
  let body: unknown = text;
  if (text && (response.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
  return { status: response.status, body, headers: response.headers };
}
