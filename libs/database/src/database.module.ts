import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import { buildDataSourceOptions } from './data-source-options.js';

/**
 * The TypeORM connection of a process. Entities are collected from `TypeOrmModule.forFeature`
 * in the domain modules (`autoLoadEntities`), so this module never imports a domain library.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: { applicationName: string }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...buildDataSourceOptions({
              url: config.databaseUrl,
              entities: [],
              applicationName: options.applicationName,
            }),
            autoLoadEntities: true,
          }),
        }),
      ],
    };
  }
}
