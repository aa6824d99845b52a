import type { ItemVectors } from './cluster-item.js';
import type { SparseVector } from './cluster-vectors.js';

/** The item's keys, heaviest first, with the squared weights still to come after each. */
export type KeyOrder = {
  keys: Int32Array;
  mass: Float64Array;
  entity: Uint8Array;
  restTerms: Float64Array;
  restEntities: Float64Array;
};

function reserve(o: KeyOrder, size: number): void {
  if (o.keys.length >= size) return;
  o.keys = new Int32Array(size * 2);
  o.mass = new Float64Array(size * 2);
  o.entity = new Uint8Array(size * 2);
  o.restTerms = new Float64Array(size * 2 + 1);
  o.restEntities = new Float64Array(size * 2 + 1);
}

/** Inserts a vector's keys by descending squared unit weight; returns the new count. */
function insert(o: KeyOrder, v: SparseVector, isEntity: number, count: number): number {
  let n = count;
  for (let i = 0; i < v.length; i++) {
    const w = v.norm > 0 ? (v.weights[i] ?? 0) / v.norm : 0;
    const mass = w * w;
    let j = n - 1;
    for (; j >= 0 && (o.mass[j] ?? 0) < mass; j--) {
      o.keys[j + 1] = o.keys[j] ?? 0;
      o.mass[j + 1] = o.mass[j] ?? 0;
      o.entity[j + 1] = o.entity[j] ?? 0;
    }
    o.keys[j + 1] = v.keys[i] ?? 0;
    o.mass[j + 1] = mass;
    o.entity[j + 1] = isEntity;
    n++;
  }
  return n;
}

export function orderKeys(o: KeyOrder, item: ItemVectors): number {
  reserve(o, item.terms.length + item.entities.length);
  const n = insert(o, item.terms, 0, insert(o, item.entities, 1, 0));
  o.restTerms[n] = 0;
  o.restEntities[n] = 0;
  for (let k = n - 1; k >= 0; k--) {
    const isEntity = o.entity[k] === 1;
    o.restTerms[k] = (o.restTerms[k + 1] ?? 0) + (isEntity ? 0 : (o.mass[k] ?? 0));
    o.restEntities[k] = (o.restEntities[k + 1] ?? 0) + (isEntity ? (o.mass[k] ?? 0) : 0);
  }
  return n;
}

export function createKeyOrder(): KeyOrder {
  return {
    keys: new Int32Array(64),
    mass: new Float64Array(64),
    entity: new Uint8Array(64),
    restTerms: new Float64Array(65),
    restEntities: new Float64Array(65),
  };
}
