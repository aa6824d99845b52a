/**
 * The `slack` bench's HTTP client, in a worker thread: a client on the server's own event loop would
 * read the ack only after the work that follows it (the digest rendering), and so overstate the latency.
 * Each message is a list of response_url keys to send `/digest <text>` for at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { commandBody, postSigned } from '../support/slack-requests.js';

export type ClientJob = { keys: string[]; text: string };
export type ClientResult = { key: string; sentAt: number; status: number; ackMs: number };

const { endpoint, responseUrlBase } = workerData as { endpoint: string; responseUrlBase: string };

async function send(key: string, text: string): Promise<ClientResult> {
  const body = commandBody({
    text,
    user: 'U1',
    channel: 'C1',
    channelName: 'peace-desk',
    responseUrl: `${responseUrlBase}${key}`,
  });
  const sentAt = Date.now();
  const sent = await postSigned(endpoint, body, 'application/x-www-form-urlencoded');
  return { key, sentAt, status: sent.status, ackMs: sent.ms };
}

parentPort?.on('message', (job: ClientJob) => {
  Promise.all(job.keys.map((key) => send(key, job.text))).then(
    (results) => parentPort?.postMessage(results),
    (error: unknown) => parentPort?.postMessage({ error: String(error) }),
  );
});
