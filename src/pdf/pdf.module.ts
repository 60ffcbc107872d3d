import { Module } from '@nestjs/common';
import { PdfDocumentsRepository } from './pdf-documents.repository';
import { PdfService } from './pdf.service';
import { PdfViaWorker } from './pdf-via-worker';

@Module({ providers: [PdfService, PdfDocumentsRepository, PdfViaWorker], exports: [PdfService] })
export class PdfModule {}
