import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ImagesRepository } from '../media/images.repository';
import { ProfilesApiController } from './controllers/profiles.api.controller';
import { ProfilesPagesController } from './controllers/profiles.pages.controller';
import { PublicImagesController } from './controllers/public-images.controller';
import { ProfilesRepository } from './profiles.repository';
import { ProfilesService } from './profiles.service';
import { PublicProfilesService } from './public-profiles.service';

@Module({
  imports: [AccountsModule],
  controllers: [ProfilesPagesController, ProfilesApiController, PublicImagesController],
  providers: [ProfilesRepository, ImagesRepository, ProfilesService, PublicProfilesService],
  exports: [PublicProfilesService],
})
export class ProfilesModule {}
