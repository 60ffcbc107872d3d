import { Body, Controller, Get, Param, Post, Query, Redirect, Render, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Can, FormView } from '../../accounts/access.decorators';
import { IdPipe } from '../../common/http/id.pipe';
import { FormContexts } from '../../common/views/form-contexts';
import { ImageUpload } from '../../media/image-upload.interceptor';
import { MODALITIES, MODALITY_LABELS } from '../../offerings/offering-content';
import { CURRENCIES } from '../../offerings/money';
import { SUGGESTED_LOCALES, TIME_ZONES } from '../locale';
import { profileToForm } from '../profile-view';
import { ProfilesService, Upload } from '../profiles.service';

const MODALITY_OPTIONS = MODALITIES.map((value) => ({ value, label: MODALITY_LABELS[value] }));

@ApiExcludeController()
@Controller()
export class ProfilesPagesController {
  constructor(
    private readonly profiles: ProfilesService,
    formContexts: FormContexts,
  ) {
    formContexts.register('profiles/edit', async (req) => this.profileModel(req, String(req.params.id)));
    formContexts.register('profiles/photo', async (req) => this.photoModel(req, String(req.params.id)));
    formContexts.register('practice/edit', async (req) => this.practiceModel(req));
    formContexts.register('practice/logo', async (req) => ({ title: 'Practice logo', practice: await this.profiles.practice(req.auth!) }));
  }

  @Get('profile')
  @Can('clinical.author')
  @Redirect('/dashboard', 303)
  mine(@Req() req: Request) {
    return { url: `/profiles/${req.auth!.userId}/edit` };
  }

  @Get('profiles/:id/edit')
  @Can('clinical.author')
  @Render('profiles/edit')
  async edit(@Param('id', IdPipe) id: string, @Req() req: Request, @Query('saved') saved?: string) {
    const model = await this.profileModel(req, id);
    return { ...model, values: profileToForm(model.profile, model.member.name), saved: saved === '1' };
  }

  @Post('profiles/:id/edit')
  @Can('clinical.author')
  @FormView('profiles/edit')
  @Redirect('/dashboard', 303)
  async save(@Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request) {
    await this.profiles.saveProfile(req.auth!, id, body);
    return { url: `/profiles/${id}/edit?saved=1` };
  }

  @Get('profiles/:id/photo')
  @Can('clinical.author')
  @Render('profiles/photo')
  photo(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return this.photoModel(req, id);
  }

  @Post('profiles/:id/photo')
  @Can('clinical.author')
  @FormView('profiles/photo')
  @UseInterceptors(ImageUpload('photo'))
  @Redirect('/dashboard', 303)
  async uploadPhoto(@Param('id', IdPipe) id: string, @UploadedFile() file: Upload | undefined, @Req() req: Request) {
    await this.profiles.setPhoto(req.auth!, id, file);
    return { url: `/profiles/${id}/edit?saved=1` };
  }

  @Post('profiles/:id/photo/remove')
  @Can('clinical.author')
  @Redirect('/dashboard', 303)
  async removePhoto(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.profiles.removePhoto(req.auth!, id);
    return { url: `/profiles/${id}/edit?saved=1` };
  }

  @Get('practice')
  @Can('practice.manage')
  @Render('practice/edit')
  async practice(@Req() req: Request, @Query('saved') saved?: string) {
    const model = await this.practiceModel(req);
    return { ...model, values: model.practice, saved: saved === '1' };
  }

  @Post('practice')
  @Can('practice.manage')
  @FormView('practice/edit')
  @Redirect('/practice?saved=1', 303)
  async savePractice(@Body() body: Record<string, unknown>, @Req() req: Request) {
    await this.profiles.savePractice(req.auth!, body);
  }

  @Get('practice/logo')
  @Can('practice.manage')
  @Render('practice/logo')
  async logo(@Req() req: Request) {
    return { title: 'Practice logo', practice: await this.profiles.practice(req.auth!) };
  }

  @Post('practice/logo')
  @Can('practice.manage')
  @FormView('practice/logo')
  @UseInterceptors(ImageUpload('logo'))
  @Redirect('/practice?saved=1', 303)
  async uploadLogo(@UploadedFile() file: Upload | undefined, @Req() req: Request) {
    await this.profiles.setLogo(req.auth!, file);
  }

  @Post('practice/logo/remove')
  @Can('practice.manage')
  @Redirect('/practice?saved=1', 303)
  async removeLogo(@Req() req: Request) {
    await this.profiles.removeLogo(req.auth!);
  }

  private async profileModel(req: Request, id: string) {
    const { user, profile } = await this.profiles.profile(req.auth!, id);
    return {
      title: user.id === req.auth!.userId ? 'Your profile' : `Profile of ${user.name}`,
      member: { id: user.id, name: user.name },
      profile,
      modalities: MODALITY_OPTIONS,
      publicPath: `/p/${req.auth!.practiceSlug}`,
    };
  }

  private async photoModel(req: Request, id: string) {
    const { user, profile } = await this.profiles.profile(req.auth!, id);
    return { title: 'Profile photo', member: { id: user.id, name: user.name }, profile, practiceSlug: req.auth!.practiceSlug };
  }

  private async practiceModel(req: Request) {
    return {
      title: 'Practice profile',
      practice: await this.profiles.practice(req.auth!),
      timeZones: TIME_ZONES,
      locales: SUGGESTED_LOCALES,
      currencies: CURRENCIES,
    };
  }
}
