// The PPE catalogue as the API serves it: each item with the classes of the cameras' model that
// show it, so the camera editor offers only what the model can see. Kinds sent to the API are
// checked against the same catalogue.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { itemClasses, mapClasses } from '../detect/classes';
import type { ModelConfig } from '../detect/config';
import { parseClassNames, readMetadataProps } from '../detect/metadata';
import { violationKind, type PpeCatalogue, type PpeItem } from '../domain/ppe-items';
import { unknownKinds } from '../ppe/config';
import { badRequest } from './http';
import type { PpeItemJson, PpeItemsJson } from './schemas';

/** The classes of the model files, with the roles the catalogue and `model.classes` give them. */
interface ModelClasses {
  file: string;
  names: string[];
  roles: string[];
}

/** Without a person box a person's hands and feet cannot be placed (see head-torso-monitor.ts). */
const NEEDS_PERSON_CLASS = new Set<PpeItem['region']>(['hands', 'feet']);

export class PpeItemService {
  private modelClasses: Promise<ModelClasses | null> | undefined;

  constructor(
    readonly catalogue: PpeCatalogue,
    private readonly model: ModelConfig,
    private readonly log: Logger,
  ) {}

  /** The catalogue, each item with its model classes; the model file is read once. */
  async list(): Promise<PpeItemsJson> {
    this.modelClasses ??= this.readModelClasses();
    const model = await this.modelClasses;
    const classes = model ? itemClasses(model.names, model.roles) : undefined;
    const hasPersonClass = model?.roles.includes('person') ?? false;
    const items = this.catalogue.items.map((item): PpeItemJson => {
      const found = classes?.get(item.id) ?? null;
      return {
        id: item.id,
        name: item.name,
        kind: violationKind(item.id),
        region: item.region,
        inferAbsence: item.inferAbsence,
        modelClasses: found,
        judgeable: found !== null && (hasPersonClass || !NEEDS_PERSON_CLASS.has(item.region)),
      };
    });
    return { items, model: model && { file: path.basename(model.file), hasPersonClass } };
  }

  /** A 400 naming the first kind of no item in a camera's PPE settings. */
  checkCameraKinds(ppe: Parameters<typeof unknownKinds>[0]): void {
    const [problem] = unknownKinds(ppe, this.catalogue);
    if (problem) throw badRequest(`ppe.${problem[0].join('.')}: ${problem[1]}`);
  }

  /** A 400 unless every kind names an item of the catalogue. */
  checkKinds(kinds: readonly string[] | undefined, field: string): void {
    const unknown = kinds?.find((kind) => !this.catalogue.hasKind(kind));
    if (unknown !== undefined) {
      throw badRequest(`${field}: ${unknown} names no PPE item (known: ${this.catalogue.kinds.join(', ')})`);
    }
  }

  private async readModelClasses(): Promise<ModelClasses | null> {
    const specs = [this.model, ...(this.model.secondary ? [this.model.secondary] : [])];
    const names: string[] = [];
    const roles: string[] = [];
    try {
      for (const spec of specs) {
        const own = parseClassNames(readMetadataProps(await fs.readFile(spec.path)).names) ?? [];
        const mapping = mapClasses(own, { minScore: 0, overrides: spec.classes, catalogue: this.catalogue });
        names.push(...own);
        roles.push(...mapping.roles);
      }
    } catch (err) {
      this.log.warn({ model: this.model.path, err: (err as Error).message }, 'cannot read the model classes');
      return null;
    }
    return { file: this.model.path, names, roles };
  }
}
