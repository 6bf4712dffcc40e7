import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@mc/security';
import { intakeAssets } from './intake-assets.js';
import { setAssetHeaders } from './page-headers.js';

/** The pages' stylesheet, script and icon: our own files, so the pages make no third-party request. */
@ApiExcludeController()
@Controller('intake/assets')
@Public()
export class IntakeAssetsController {
  @Get(':file')
  async file(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    const asset = intakeAssets().get(file);
    if (!asset) throw new NotFoundException('No such file');
    await setAssetHeaders(reply, asset.contentType).status(200).send(asset.body);
  }
}
