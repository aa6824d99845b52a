/**
 * The Block Kit limits the fake Slack Web API enforces on chat.postMessage (platform-facts §2.6):
 * 50 blocks, section text 3000 characters, section fields 10 × 2000, header 150, markdown 12,000, and
 * about 12,000 characters of block text per message (undocumented; slackapi/bolt-js#2509).
 * Spec: https://docs.slack.dev/reference/block-kit/blocks
 */

export type BlocksCheck = { ok: true } | { ok: false; error: string; messages: string[] };

/** Messages: 50 blocks and about 12,000 characters; modals and Home tabs: 100 blocks, no total. */
export type BlockLimits = { maxBlocks: number; maxTotalText: number | null };
const messageLimits: BlockLimits = { maxBlocks: 50, maxTotalText: 12_000 };
/** Spec: https://docs.slack.dev/reference/block-kit/block-elements/button-element (value ≤ 2000). */
const maxButtonValue = 2000;
const textLimits: Record<string, number> = { section: 3000, header: 150, markdown: 12_000 };

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'text' in value && typeof value.text === 'string')
    return value.text;
  return null;
}

function invalid(message: string, pointer: string): BlocksCheck {
  return { ok: false, error: 'invalid_blocks', messages: [`[ERROR] ${message} [json-pointer:${pointer}]`] };
}

/** The block's texts with their JSON pointers and limits, or a complaint about its shape. */
function textsOf(
  block: unknown,
  pointer: string,
): { text: string; pointer: string; limit: number }[] | string {
  if (typeof block !== 'object' || block === null || !('type' in block) || typeof block.type !== 'string')
    return 'missing required field: type';
  const record = block as Record<string, unknown>;
  const limit = textLimits[block.type] ?? 3000;
  const texts: { text: string; pointer: string; limit: number }[] = [];
  const main = textOf(record['text']);
  if (main !== null)
    texts.push({ text: main, pointer: `${pointer}/text${block.type === 'markdown' ? '' : '/text'}`, limit });
  const fields = Array.isArray(record['fields']) ? record['fields'] : [];
  if (fields.length > 10) return 'no more than 10 items allowed';
  fields.forEach((field, index) => {
    texts.push({ text: textOf(field) ?? '', pointer: `${pointer}/fields/${index}/text`, limit: 2000 });
  });
  const elements = block.type === 'context' && Array.isArray(record['elements']) ? record['elements'] : [];
  elements.forEach((element, index) => {
    texts.push({ text: textOf(element) ?? '', pointer: `${pointer}/elements/${index}/text`, limit: 3000 });
  });
  if (block.type === 'section' && texts.length === 0) return 'must provide either text or fields';
  const actions = block.type === 'actions' && Array.isArray(record['elements']) ? record['elements'] : [];
  for (const element of actions) {
    const value =
      typeof element === 'object' && element !== null ? (element as { value?: unknown }).value : null;
    if (typeof value === 'string' && value.length > maxButtonValue)
      return `value must be less than ${maxButtonValue + 1} characters`;
  }
  return texts;
}

export function checkSlackBlocks(blocks: unknown, limits: BlockLimits = messageLimits): BlocksCheck {
  const { maxBlocks, maxTotalText } = limits;
  if (!Array.isArray(blocks))
    return { ok: false, error: 'invalid_blocks_format', messages: ['[ERROR] must be an array'] };
  if (blocks.length > maxBlocks) return invalid(`no more than ${maxBlocks} items allowed`, '/blocks');
  let total = 0;
  for (const [index, block] of blocks.entries()) {
    const pointer = `/blocks/${index}`;
    const texts = textsOf(block, pointer);
    if (typeof texts === 'string') return invalid(texts, pointer);
    for (const text of texts) {
      if (text.text.length > text.limit)
        return invalid(`must be less than ${text.limit + 1} characters`, text.pointer);
      total += text.text.length;
    }
  }
  if (maxTotalText !== null && total > maxTotalText)
    return { ok: false, error: 'msg_blocks_too_long', messages: [] };
  return { ok: true };
}
