import { Injectable } from '@nestjs/common';

/** Whether this process is shutting down: /health then answers 503 so a proxy stops sending it work. */
@Injectable()
export class Lifecycle {
  stopping = false;
}
