import { Body, Controller, Get, HttpCode, Param, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Can, FormView, RecentReauth } from '../accounts/access.decorators';
import { REAUTH_WINDOW_MINUTES, reauthIsRecent } from '../accounts/mfa/reauth';
import { IdPipe } from '../common/http/id.pipe';
import { originOf } from '../common/http/origin';
import { FormContexts } from '../common/views/form-contexts';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook.dto';
import type { DeliveryStatus } from './entities/webhook-delivery.entity';
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS } from './webhook-events';
import { DELIVERIES_SHOWN, type WebhookEndpointView, WebhooksService } from './webhooks.service';

const STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: 'Waiting',
  delivered: 'Delivered',
  failed: 'Failed',
  skipped: 'Not sent',
};

const eventOptions = () => WEBHOOK_EVENTS.map((value) => ({ value, label: WEBHOOK_EVENT_LABELS[value] }));

/** Webhooks in the browser, for the owner: register (after re-authenticating), change, see deliveries, send again. */
@ApiExcludeController()
@Can('webhooks.manage')
@Controller()
export class WebhooksPagesController {
  constructor(
    private readonly webhooks: WebhooksService,
    formContexts: FormContexts,
  ) {
    formContexts.register('webhooks/index', (req) => this.indexModel(req));
    formContexts.register('webhooks/show', (req) => this.showModel(req, String(req.params.id)));
  }

  @Get('practice/webhooks')
  @Render('webhooks/index')
  index(@Req() req: Request, @Query('deleted') deleted?: string) {
    return this.indexModel(req, deleted === '1');
  }

  @Post('practice/webhooks')
  @RecentReauth()
  @FormView('webhooks/index')
  @HttpCode(200)
  @Render('webhooks/secret')
  async create(@Body() dto: CreateWebhookDto, @Req() req: Request) {
    const { secret, endpoint } = await this.webhooks.create(req.auth!, dto, originOf(req));
    return { title: 'Your new webhook endpoint', secret, endpoint, rotated: false };
  }

  @Get('practice/webhooks/:id')
  @Render('webhooks/show')
  show(@Param('id', IdPipe) id: string, @Req() req: Request, @Query('done') done?: string) {
    return this.showModel(req, id, done);
  }

  @Post('practice/webhooks/:id')
  @FormView('webhooks/show')
  @Redirect('', 303)
  async update(@Param('id', IdPipe) id: string, @Body() dto: UpdateWebhookDto, @Req() req: Request) {
    // A form leaves unticked boxes out: none ticked means none.
    await this.webhooks.update(req.auth!, id, { ...dto, events: dto.events ?? [], active: dto.active ?? false }, originOf(req));
    return { url: `/practice/webhooks/${id}?done=saved` };
  }

  @Post('practice/webhooks/:id/delete')
  @Redirect('/practice/webhooks?deleted=1', 303)
  async remove(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.webhooks.remove(req.auth!, id, originOf(req));
  }

  @Post('practice/webhooks/:id/rotate-secret')
  @RecentReauth()
  @HttpCode(200)
  @Render('webhooks/secret')
  async rotate(@Param('id', IdPipe) id: string, @Req() req: Request) {
    const { secret, endpoint } = await this.webhooks.rotateSecret(req.auth!, id, originOf(req));
    return { title: 'Your new webhook secret', secret, endpoint, rotated: true };
  }

  @Post('practice/webhooks/:id/ping')
  @FormView('webhooks/show')
  @Redirect('', 303)
  async ping(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.webhooks.ping(req.auth!, id);
    return { url: `/practice/webhooks/${id}?done=ping` };
  }

  @Post('practice/webhook-deliveries/:id/redeliver')
  @Redirect('', 303)
  async redeliver(@Param('id', IdPipe) id: string, @Req() req: Request) {
    const delivery = await this.webhooks.redeliver(req.auth!, id);
    return { url: `/practice/webhooks/${delivery.endpointId}?done=redeliver` };
  }

  private async indexModel(req: Request, deleted = false) {
    const endpoints = await this.webhooks.list(req.auth!);
    return {
      title: 'Webhooks',
      endpoints: endpoints.map(withLabels),
      eventOptions: eventOptions(),
      deleted,
      reauthFresh: reauthIsRecent(req.auth!),
      reauthMinutes: REAUTH_WINDOW_MINUTES,
      values: { events: [] },
    };
  }

  private async showModel(req: Request, id: string, done?: string) {
    const { endpoint, deliveries } = await this.webhooks.deliveriesOf(req.auth!, id);
    return {
      title: 'Webhook endpoint',
      endpoint: withLabels(endpoint),
      deliveries: deliveries.map((d) => ({
        ...d,
        statusLabel: STATUS_LABELS[d.status],
        redeliverable: d.status === 'failed' || d.status === 'skipped',
        payloadJson: JSON.stringify(d.payload, null, 2),
      })),
      shown: DELIVERIES_SHOWN,
      eventOptions: eventOptions(),
      values: { events: endpoint.events, description: endpoint.description, active: endpoint.active },
      saved: done === 'saved',
      pinged: done === 'ping',
      redelivered: done === 'redeliver',
      reauthFresh: reauthIsRecent(req.auth!),
      reauthMinutes: REAUTH_WINDOW_MINUTES,
    };
  }
}

const withLabels = (endpoint: WebhookEndpointView) => ({ ...endpoint, eventLabels: endpoint.events.map((e) => WEBHOOK_EVENT_LABELS[e]) });
