import { guardCardData } from '../../common/validation';

/** The job parameters a person types (a search, a matter, a purpose, a reason): card data there is masked. */
const FREE_TEXT = /^params\.(q|matter|purpose|reason)$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The card-data rule of every other input, applied to a job's parameters as sent, before they are
 * parsed, planned or stored (they are kept and served as started): free text is masked and its paths
 * returned; a card number in an id (externalCallId, a bucket, an object key) is refused with 400, never
 * rewritten — with an issuer's prefix only, as in upload metadata, so a numeric id passing Luhn by
 * chance is kept. An import's per-item metadata is left to the upload's own guard, item by item.
 */
export function guardJobBody(body: unknown): { value: unknown; masked: string[] } {
  if (!isObject(body) || !isObject(body.params)) return { value: body, masked: [] };
  if (body.kind === 'import') {
    const { items, ...rest } = body.params;
    const keys = Array.isArray(items) ? items.map((i) => (isObject(i) ? { key: i.key } : null)) : items;
    guardCardData({ ...rest, items: keys }, 'params', [], () => false);
    return { value: body, masked: [] };
  }
  const guarded = guardCardData(body.params, 'params', [], (path) => FREE_TEXT.test(path));
  return { value: { ...body, params: guarded.value }, masked: guarded.masked };
}
