import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '@mc/config';
import { processLoggerParams } from './process-logger.js';

/**
 * Logging of an application (API or worker): the process's one pino configuration, with its
 * redaction and serializers. Import it instead of `LoggerModule.forRoot` anywhere.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: Pick<AppConfig, 'logLevel' | 'nodeEnv'>): DynamicModule {
    const logger = LoggerModule.forRoot(processLoggerParams(config));
    return { module: LoggingModule, imports: [logger], exports: [logger] };
  }
}
