import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import { buildDataSourceOptions } from './data-source-options.js';

/** `application_name` of this application's connections (`mc-api`, `mc-worker`), seen in pg_stat_activity. */
export const DATABASE_APPLICATION_NAME = Symbol('DATABASE_APPLICATION_NAME');

let typeOrmRoot: DynamicModule | undefined;

/**
 * @nestjs/typeorm counts data source names per process and warns about a second `default` even
 * when it belongs to another application (`npm start` runs the API and the worker in one
 * process, each with its own DataSource). So the module definition is built once per process;
 * every application that imports it still creates its own DataSource from its own config.
 */
function typeOrmRootModule(): DynamicModule {
  typeOrmRoot ??= TypeOrmModule.forRootAsync({
    inject: [APP_CONFIG, DATABASE_APPLICATION_NAME],
    useFactory: (config: AppConfig, applicationName: string) => ({
      ...buildDataSourceOptions({ url: config.databaseUrl, entities: [], applicationName }),
      autoLoadEntities: true,
    }),
  });
  return typeOrmRoot;
}

/**
 * The TypeORM connection of an application. Entities are collected from `TypeOrmModule.forFeature`
 * in the domain modules (`autoLoadEntities`), so this module never imports a domain library.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: { applicationName: string }): DynamicModule {
    return {
      module: DatabaseModule,
      // Global so that TypeORM's options factory can inject the application name.
      global: true,
      imports: [typeOrmRootModule()],
      providers: [{ provide: DATABASE_APPLICATION_NAME, useValue: options.applicationName }],
      exports: [DATABASE_APPLICATION_NAME],
    };
  }
}
