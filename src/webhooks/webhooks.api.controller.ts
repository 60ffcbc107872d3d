import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCookieAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Can, RecentReauth } from '../accounts/access.decorators';
import { IdPipe } from '../common/http/id.pipe';
import { originOf } from '../common/http/origin';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

const SIGNED =
  'Each delivery is a POST of JSON signed with the endpoint secret: `Ayni-Webhook-Signature: v1=<hex HMAC-SHA256 of "<Ayni-Webhook-Timestamp>.<raw body>">`. ' +
  'Dedupe on `Ayni-Webhook-Id`: delivery is at least once.';

/** Webhook endpoints over the JSON API, for the practice owner (`webhooks.manage`). */
@ApiTags('webhooks')
@ApiCookieAuth()
@Can('webhooks.manage')
@Controller('api/v1')
export class WebhooksApiController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get('webhooks')
  @ApiOkResponse({ description: 'The practice’s webhook endpoints, oldest first (never their secrets).' })
  async list(@Req() req: Request) {
    return { endpoints: await this.webhooks.list(req.auth!) };
  }

  @Post('webhooks')
  @RecentReauth()
  @ApiCreatedResponse({
    description:
      'A new endpoint. `secret` (whsec_…) is in this answer only. The URL must be https:// and its host must resolve to public ' +
      'addresses only (400 naming `url` otherwise). Needs POST /api/v1/auth/reauth within the last few minutes. ' +
      SIGNED,
  })
  create(@Body() dto: CreateWebhookDto, @Req() req: Request) {
    return this.webhooks.create(req.auth!, dto, originOf(req));
  }

  @Get('webhooks/:id')
  @ApiOkResponse({ description: 'One endpoint (never its secret).' })
  async get(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return { endpoint: await this.webhooks.get(req.auth!, id) };
  }

  @Patch('webhooks/:id')
  @ApiOkResponse({ description: 'Changes its events, description or `active`; what is not given stays. The URL cannot change.' })
  async update(@Param('id', IdPipe) id: string, @Body() dto: UpdateWebhookDto, @Req() req: Request) {
    return { endpoint: await this.webhooks.update(req.auth!, id, dto, originOf(req)) };
  }

  @Delete('webhooks/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its deliveries; those still waiting are not sent.' })
  async remove(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.webhooks.remove(req.auth!, id, originOf(req));
  }

  @Post('webhooks/:id/rotate-secret')
  @RecentReauth()
  @ApiCreatedResponse({
    description:
      'A new secret, in this answer only; the old one stops signing at once (deliveries still waiting are signed with the new one).',
  })
  rotate(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return this.webhooks.rotateSecret(req.auth!, id, originOf(req));
  }

  @Get('webhooks/:id/deliveries')
  @ApiOkResponse({ description: 'The endpoint’s latest 50 deliveries, newest first, each with its payload and every attempt.' })
  deliveries(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return this.webhooks.deliveriesOf(req.auth!, id);
  }

  @Post('webhooks/:id/ping')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'A test event (`ping`) is queued for the endpoint. 409 WEBHOOK_ENDPOINT_DISABLED when it is off.' })
  async ping(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return { delivery: await this.webhooks.ping(req.auth!, id) };
  }

  @Post('webhook-deliveries/:id/redeliver')
  @HttpCode(202)
  @ApiAcceptedResponse({
    description:
      'Sends a failed (or skipped) delivery again: the same delivery, same `Ayni-Webhook-Id`, a new round of attempts. ' +
      '409 WEBHOOK_DELIVERY_NOT_FAILED when it was delivered or is still being attempted.',
  })
  async redeliver(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return { delivery: await this.webhooks.redeliver(req.auth!, id) };
  }
}
