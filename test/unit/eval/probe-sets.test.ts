import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProbeSets } from '../../eval/probes.js';
import { shippedTopics } from '../analysis/shipped-config.js';

const sets = loadProbeSets();
const topicIds = new Set(Object.keys(shippedTopics.spec.topics));

describe('the written probe sets (test/eval/probes)', () => {
  it('exist, one file per language and round', () => {
    expect(Object.keys(sets).length).toBeGreaterThan(0);
  });

  it.each(Object.entries(sets))('%s follows the labelling guidelines', (_name, items) => {
    expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
    const eventOf = new Map<string, string | null>();
    for (const { key, label } of items) {
      if (!label.relevant) {
        expect({ key, topics: label.topics, story: label.story }).toEqual({ key, topics: [], story: null });
        continue;
      }
      expect(label.topics.length, key).toBeGreaterThan(0);
      for (const topic of label.topics) expect(topicIds.has(topic), `${key}: ${topic}`).toBe(true);
      expect(label.story, key).toBeTruthy();
      const story = label.story as string;
      if (eventOf.has(story)) expect(label.event, `${key}: one event per story`).toBe(eventOf.get(story));
      eventOf.set(story, label.event);
    }
  });
});

describe('loadProbeSets', () => {
  it('names the file and line of an item without a split', () => {
    const dir = mkdtempSync(join(tmpdir(), 'probes-'));
    const good = {
      id: 'a',
      language: 'en',
      feed: 'x',
      publishedAt: '2025-05-10T12:00:00Z',
      title: 't',
      relevant: false,
      split: 'dev',
    };
    writeFileSync(
      join(dir, 'xx-1.jsonl'),
      `${JSON.stringify(good)}\n${JSON.stringify({ ...good, id: 'b', split: 'test' })}\n`,
    );
    expect(() => loadProbeSets(dir)).toThrow('xx-1.jsonl:2: split must be dev or holdout');
  });
});
