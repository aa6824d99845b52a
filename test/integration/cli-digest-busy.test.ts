import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { createCliHarness } from '../support/cli-harness.js';

describe('parley digest on a period with more stories than one read holds', () => {
  const cli = createCliHarness();
  const db = join(cli.dir, 'busy.db');
  let config: string;
  // More well-ranked ukraine stories than a listing reads (1000), and one lesser gaza story.
  const ukraine = 1001;

  beforeAll(() => {
    config = cli.writeConfig(`database: { path: ${db} }\nfeeds: { opml: null }\nlog: { level: silent }\n`);
    const database = openDatabase(db);
    const story = database.prepare(
      'INSERT INTO stories (id, title, topics, relevance, first_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const tag = database.prepare('INSERT INTO story_topics (topic, updated_at, story_id) VALUES (?, ?, ?)');
    const now = Date.now();
    const add = (id: number, topic: string, title: string, relevance: number) => {
      const updatedAt = now - 86_400_000 + id * 1000;
      story.run(id, title, `[{"topic":"${topic}","score":1,"matches":[]}]`, relevance, updatedAt, updatedAt);
      tag.run(topic, updatedAt, id);
    };
    database.transaction(() => {
      for (let id = 1; id <= ukraine; id += 1) add(id, 'ukraine', `Talks update ${id}`, 0.5);
      add(ukraine + 1, 'gaza', 'Mediators meet in Doha on a Gaza truce', 0.4);
    })();
    database.close();
  });
  afterAll(() => cli.cleanup());

  it('gives every topic its section, as a chat with all topics gets it, however busy another topic is', async () => {
    const run = await cli.run(['--config', config, 'digest', '--format', 'text']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('== Israel–Hamas war, Gaza ==');
    expect(run.stdout).toContain('Mediators meet in Doha on a Gaza truce');
  });

  it('says a topic read up to its limit has at least so many more, never a count it did not make', async () => {
    const run = await cli.run(['--config', config, 'digest', 'ukraine', '--format', 'json']);
    const digest = JSON.parse(run.stdout) as { sections: Array<{ more: number; moreAtLeast: boolean }> };
    const [section] = digest.sections;
    // 1001 stories, 10 shown: "991 more" or "at least N more", never "exactly 990 more".
    expect(section?.more === ukraine - 10 || section?.moreAtLeast === true).toBe(true);
  });
});
