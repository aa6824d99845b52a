/**
 * The benchmark's feed servers, in their own process so that the memory figure of the poll is
 * Parley's alone. Prints one JSON line `{ "urls": [...] }` when ready; exits when stdin closes.
 */
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { syntheticFeed } from '../fakes/synthetic-feed.js';

const [feeds = 500, items = 50, hosts = 125, latency = 20] = process.argv.slice(2).map(Number);

const servers = await Promise.all(
  Array.from({ length: hosts }, (_, i) => startFeedServer({ host: `127.0.0.${i + 2}` })),
);
const urls: string[] = [];
for (let feed = 0; feed < feeds; feed++) {
  const server = servers[feed % hosts] as FeedServer;
  const body = syntheticFeed(feed, items, server.origin);
  const route = {
    body,
    contentType: 'application/rss+xml; charset=utf-8',
    etag: `"v1-${feed}"`,
    delayMs: latency,
  };
  server.route(`/feed/${feed}.xml`, route);
  urls.push(server.url(`/feed/${feed}.xml`));
}
process.stdout.write(`${JSON.stringify({ urls })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void Promise.all(servers.map((server) => server.close())).then(() => process.exit(0));
});
