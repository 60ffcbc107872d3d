import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Req } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Can, ClientLink, Public, SessionOnly } from '../../accounts/access.decorators';
import { IdPipe } from '../../common/http/id.pipe';
import { baseUrl, originOf } from '../../common/http/origin';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AgreementDocumentsService } from '../agreement-documents.service';
import type { DraftEdits } from '../agreement-drafts';
import { AgreementsService } from '../agreements.service';
import { ClientAgreementsService } from '../client-agreements.service';
import type { Agreement } from '../entities/agreement.entity';
import { CONSENT_TEXT } from '../signing';
import { VerificationService } from '../verification.service';

const summary = (a: Agreement) => ({
  id: a.id,
  status: a.status,
  clientId: a.clientId,
  client: a.content.client.name,
  offering: a.content.offering.title,
  proposal: a.proposalNumber,
  verificationCode: a.verificationCode,
  updatedAt: a.updatedAt,
});

/**
 * Care agreements through the API. Bodies of routes that name a record are checked by the
 * services after the record is found, so another practice's id answers 404 before any 400.
 */
@ApiTags('agreements')
@Controller('api/v1')
export class AgreementsApiController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly agreements: AgreementsService,
    private readonly clientAgreements: ClientAgreementsService,
    private readonly documents: AgreementDocumentsService,
    private readonly verification: VerificationService,
  ) {}

  @Get('agreements')
  @ApiCookieAuth()
  @Can('agreements.view')
  async list(@Req() req: Request) {
    return (await this.agreements.list(req.auth!)).map(summary);
  }

  /** From a submitted intake and a published offering: { intakeId, offeringId, startDate, selfPay?, reflectionNote? }. */
  @Post('agreements')
  @ApiCookieAuth()
  @Can('agreements.author')
  async start(@Body() body: Record<string, unknown>, @Req() req: Request) {
    const agreement = await this.agreements.start(req.auth!, body, originOf(req));
    return { ...summary(agreement), revision: agreement.revision, content: agreement.content };
  }

  @Get('agreements/:id')
  @ApiCookieAuth()
  @Can('agreements.view')
  async get(@Param('id', IdPipe) id: string, @Req() req: Request) {
    const { agreement, signatures, comments } = await this.agreements.get(req.auth!, id, originOf(req));
    return {
      ...summary(agreement),
      revision: agreement.revision,
      contentHash: agreement.contentHash,
      content: agreement.content,
      amendsId: agreement.amendsId,
      signatures: signatures.map((s) => ({
        role: s.role,
        method: s.method,
        name: s.typedName,
        signedAt: s.signedAt,
        witness: s.witnessName,
      })),
      comments: comments.map((c) => ({ proposal: c.proposalNumber, text: c.text, at: c.createdAt })),
    };
  }

  /** { revision, options?, choice?, commitments?, findings?, reflectionNote?, careArc? } — field errors name the same paths. */
  @Put('agreements/:id/draft')
  @ApiCookieAuth()
  @Can('agreements.author', 'agreement')
  async save(@Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request) {
    const { revision, ...edits } = body;
    const saved = await this.agreements.saveDraft(req.auth!, id, Number(revision), edits as DraftEdits);
    return { revision: saved.revision, content: saved.content };
  }

  @Post('agreements/:id/propose')
  @ApiCookieAuth()
  @Can('agreements.author', 'agreement')
  propose(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return this.agreements.propose(req.auth!, id, originOf(req));
  }

  /** { typedName, consent: true } — the consent statement is `CONSENT_TEXT`. A signature is a person's act: never an access token's. */
  @Post('agreements/:id/countersign')
  @ApiCookieAuth()
  @SessionOnly()
  @Can('agreements.author', 'agreement')
  async countersign(@Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request) {
    const result = await this.agreements.countersign(
      req.auth!,
      id,
      { typedName: body.typedName, consent: body.consent, consentText: CONSENT_TEXT },
      originOf(req),
    );
    await this.documents.issue(req.auth!, id, baseUrl(req, this.config.publicUrl));
    return result;
  }

  @Post('agreements/:id/activate')
  @ApiCookieAuth()
  @Can('agreements.author', 'agreement')
  activate(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return this.agreements.transition(req.auth!, id, 'activate', originOf(req));
  }

  @Post('agreements/:id/end')
  @ApiCookieAuth()
  @Can('agreements.author', 'agreement')
  end(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return this.agreements.transition(req.auth!, id, 'end', originOf(req));
  }

  @Post('agreements/:id/amend')
  @ApiCookieAuth()
  @Can('agreements.author', 'agreement')
  async amend(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return summary(await this.agreements.amend(req.auth!, id, originOf(req)));
  }

  /** An amendment on the offering's newer version, for the client to re-consent. */
  @Post('agreements/:id/reconsent')
  @ApiCookieAuth()
  @Can('agreements.author', 'agreement')
  async reconsent(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return summary(await this.agreements.reconsent(req.auth!, id, originOf(req)));
  }

  @Public()
  @Get('intake-links/:token/agreements')
  async clientList(@Param('token') token: string) {
    return (await this.clientAgreements.list(token)).map(summary);
  }

  @Public()
  @Get('intake-links/:token/agreements/:id')
  async clientGet(@Param('token') token: string, @Param('id', IdPipe) id: string, @Req() req: Request) {
    const { agreement, signatures, beingChanged } = await this.clientAgreements.get(token, id, originOf(req));
    return {
      ...summary(agreement),
      contentHash: agreement.contentHash,
      // While the practitioner changes it, only its status: the next proposal will carry the content.
      content: beingChanged ? null : agreement.content,
      consentText: CONSENT_TEXT,
      signatures: signatures.map((s) => ({ role: s.role, method: s.method, name: s.typedName, signedAt: s.signedAt })),
    };
  }

  /** { text } */
  @ClientLink()
  @Post('intake-links/:token/agreements/:id/changes')
  requestChanges(
    @Param('token') token: string,
    @Param('id', IdPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
  ) {
    return this.clientAgreements.requestChanges(token, id, body.text, originOf(req));
  }

  /** { typedName, consent: true, contentHash } — contentHash is the one the client was shown. */
  @ClientLink()
  @Post('intake-links/:token/agreements/:id/sign')
  sign(@Param('token') token: string, @Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request) {
    return this.clientAgreements.sign(
      token,
      id,
      { typedName: body.typedName, consent: body.consent, contentHash: body.contentHash },
      originOf(req),
    );
  }

  @Public()
  @Get('verify/:code')
  @HttpCode(200)
  verify(@Param('code') code: string, @Req() req: Request) {
    return this.verification.byCode(code, req.ip ?? 'unknown');
  }
}
