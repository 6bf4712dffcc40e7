import { Module } from '@nestjs/common';
import { IntakeModule } from '@mc/intake';
import { IntakeApiController } from './intake-api.controller.js';
import { IntakeAssetsController } from './intake-assets.controller.js';
import { IntakePagesController } from './intake-pages.controller.js';
import { PublicPagesFilter } from './public-pages.filter.js';
import { PageRenderer } from './page-renderer.js';
import { StatusApiController } from './status-api.controller.js';

/** The public intake and status: JSON routes under /api/v1/public, pages at /intake and /status. */
@Module({
  imports: [IntakeModule],
  controllers: [IntakeApiController, StatusApiController, IntakePagesController, IntakeAssetsController],
  providers: [PageRenderer, PublicPagesFilter],
})
export class IntakeHttpModule {}
