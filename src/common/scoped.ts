import type { EntityManager, ObjectLiteral, Repository } from 'typeorm';

/**
 * The repository itself, or the same table within the caller's transaction:
 * every repository method takes an optional manager this way, so services
 * compose one transaction across modules.
 */
export function scoped<T extends ObjectLiteral>(repo: Repository<T>, m?: EntityManager): Repository<T> {
  return m ? m.getRepository<T>(repo.target) : repo;
}
