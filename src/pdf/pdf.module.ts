import { Module } from '@nestjs/common';
import { PdfDocumentsRepository } from './pdf-documents.repository';
import { PdfService } from './pdf.service';

@Module({ providers: [PdfService, PdfDocumentsRepository], exports: [PdfService] })
export class PdfModule {}
