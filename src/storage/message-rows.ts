import { createHash } from 'node:crypto';
import type { OutgoingMessage } from '../domain/delivery.js';
import type { Database } from './database.js';

type Serialised = { json: string; hash: string };

/**
 * The stored form of a message, serialised and hashed once per message object: the composer hands the same
 * rendered parts to every chat that shares a period, topics, platform and zone, and stringifying them again
 * for each of 10,000 chats took about 0.3 s of a tick. Messages are never changed once rendered; a WeakMap
 * lets them go with the composer's cache.
 */
function serialiser(): (message: OutgoingMessage) => Serialised {
  const cache = new WeakMap<OutgoingMessage, Serialised>();
  return (message) => {
    let serialised = cache.get(message);
    if (serialised === undefined) {
      const json = JSON.stringify(message);
      serialised = { json, hash: createHash('sha256').update(json).digest('hex') };
      cache.set(message, serialised);
    }
    return serialised;
  };
}

/**
 * Returns the id of the `messages` row holding this message, adding it if no delivery stored it yet. Call
 * it inside the transaction that inserts the delivery, so that retention cannot drop the row in between.
 * Ids are not cached across calls for the same reason.
 */
export function createMessageWriter(db: Database): (message: OutgoingMessage) => number {
  const serialise = serialiser();
  const insert = db.prepare<[string, string]>(
    'INSERT INTO messages (hash, body) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING',
  );
  const find = db.prepare<[string], { id: number }>('SELECT id FROM messages WHERE hash = ?');
  return (message) => {
    const { json, hash } = serialise(message);
    // Looking first spares binding (copying to UTF-8) a body of kilobytes for each chat after the first.
    const known = find.get(hash);
    if (known !== undefined) return known.id;
    insert.run(hash, json);
    const row = find.get(hash);
    if (row === undefined) throw new Error(`the message with hash ${hash} was not stored`);
    return row.id;
  };
}
