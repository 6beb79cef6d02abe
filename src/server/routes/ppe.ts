import type { PpeItemService } from '../ppe-items';
import { jsonResponse, type ApiRouter } from '../router';
import { ppeItemsSchema } from '../schemas';

export interface PpeRouteDeps {
  ppe: PpeItemService;
}

/** The PPE items cameras may require, and which of them the model can see. */
export function registerPpeRoutes(api: ApiRouter, { ppe }: PpeRouteDeps): void {
  api.route({
    method: 'GET',
    url: '/api/ppe/items',
    tag: 'ppe',
    summary: 'The PPE items (built-in and configured), each with the model classes that show it',
    description:
      'A camera or zone requires an item by its kind (`no-<id>`). `judgeable` is false for an item the model has ' +
      'no class of (or, for hand and foot items, when the model has no person class): requiring it raises nothing.',
    access: 'viewer',
    responses: { 200: jsonResponse('the catalogue', ppeItemsSchema) },
    handler: () => ppe.list(),
  });
}
