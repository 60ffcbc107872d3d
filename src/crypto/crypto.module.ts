import { Global, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { FieldCipher } from './field-cipher';
import { checkEncryptionKeys } from './key-check';
import { SEALED_COLUMNS } from './sealed-columns';

/** Before Ayni serves anyone: the configured keys must fit the stored data (see key-check.ts). */
@Injectable()
export class EncryptionKeysAtStartup implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
    private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const report = await checkEncryptionKeys((sql, params) => this.dataSource.query(sql, params), this.cipher, SEALED_COLUMNS);
    if (report.registered.length) this.logger.event('info', 'encryption keys registered', { keyIds: report.registered });
    for (const value of report.damaged) this.logger.event('error', 'ENCRYPTED_VALUE_UNREADABLE', { ...value, reason: 'not-authentic' });
  }
}

/** The one FieldCipher, built from the validated configuration, for every feature that stores private text. */
@Global()
@Module({
  providers: [
    { provide: FieldCipher, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new FieldCipher(config.encryption) },
    EncryptionKeysAtStartup,
  ],
  exports: [FieldCipher],
})
export class CryptoModule {}
