import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Can } from '../../accounts/access.decorators';
import { IdPipe } from '../../common/http/id.pipe';
import { ImageUpload } from '../../media/image-upload.interceptor';
import { PracticeProfileDto, PractitionerProfileDto } from '../dto/profile.dto';
import { ProfilesService, Upload } from '../profiles.service';

const PICTURE = (field: string) => ({
  schema: { type: 'object', properties: { [field]: { type: 'string', format: 'binary', description: 'PNG, JPEG or WebP, at most 5 MB' } } },
});

@ApiTags('profiles')
@ApiCookieAuth()
@Controller('api/v1')
export class ProfilesApiController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get('profiles/:id')
  @Can('clinical.author')
  async get(@Param('id', IdPipe) id: string, @Req() req: Request) {
    const { user, profile } = await this.profiles.profile(req.auth!, id);
    return { userId: user.id, name: user.name, profile };
  }

  /** Replaces the profile. Licensed: type, number and issuer. Not licensed: an explanation. */
  @Put('profiles/:id')
  @Can('clinical.author')
  @HttpCode(204)
  @ApiBody({ type: PractitionerProfileDto })
  async save(@Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request) {
    await this.profiles.saveProfile(req.auth!, id, body);
  }

  @Post('profiles/:id/photo')
  @Can('clinical.author')
  @HttpCode(204)
  @ApiConsumes('multipart/form-data')
  @ApiBody(PICTURE('photo'))
  @UseInterceptors(ImageUpload('photo'))
  async photo(@Param('id', IdPipe) id: string, @UploadedFile() file: Upload | undefined, @Req() req: Request) {
    await this.profiles.setPhoto(req.auth!, id, file);
  }

  @Delete('profiles/:id/photo')
  @Can('clinical.author')
  @HttpCode(204)
  async removePhoto(@Param('id', IdPipe) id: string, @Req() req: Request) {
    await this.profiles.removePhoto(req.auth!, id);
  }

  @Get('practice')
  @Can('team.view')
  practice(@Req() req: Request) {
    return this.profiles.practice(req.auth!);
  }

  @Put('practice')
  @Can('practice.manage')
  @HttpCode(204)
  @ApiBody({ type: PracticeProfileDto })
  async savePractice(@Body() body: Record<string, unknown>, @Req() req: Request) {
    await this.profiles.savePractice(req.auth!, body);
  }

  @Post('practice/logo')
  @Can('practice.manage')
  @HttpCode(204)
  @ApiConsumes('multipart/form-data')
  @ApiBody(PICTURE('logo'))
  @UseInterceptors(ImageUpload('logo'))
  async logo(@UploadedFile() file: Upload | undefined, @Req() req: Request) {
    await this.profiles.setLogo(req.auth!, file);
  }

  @Delete('practice/logo')
  @Can('practice.manage')
  @HttpCode(204)
  async removeLogo(@Req() req: Request) {
    await this.profiles.removeLogo(req.auth!);
  }
}
