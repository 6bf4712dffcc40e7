import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options.js';

/** Applies pending compiled migrations (each in its own transaction); returns their names. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(buildDataSourceOptions({ url, entities: [], applicationName: 'mc-migrations' }));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
