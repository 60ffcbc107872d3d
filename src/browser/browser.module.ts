import { Module } from '@nestjs/common';
import { BrowserCheck } from './browser-check.service';

@Module({ providers: [BrowserCheck], exports: [BrowserCheck] })
export class BrowserModule {}
