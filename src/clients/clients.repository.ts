import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Client } from './client.entity';

@Injectable()
export class ClientsRepository {
  create(
    tx: EntityManager,
    client: Pick<Client, 'practiceId' | 'name' | 'email' | 'phone'> & Partial<Pick<Client, 'language'>>,
  ): Promise<Client> {
    const repo = tx.getRepository(Client);
    return repo.save(repo.create(client));
  }

  /** Fills in what the client told us about themselves, keeping what staff typed where the client left it blank. */
  async updateContact(tx: EntityManager, practiceId: string, id: string, contact: Partial<Pick<Client, 'name' | 'email' | 'phone'>>) {
    const known = Object.fromEntries(Object.entries(contact).filter(([, v]) => v));
    if (Object.keys(known).length) await tx.getRepository(Client).update({ practiceId, id }, known);
  }
}
