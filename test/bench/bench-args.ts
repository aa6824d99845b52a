/** The number of chats a bench was asked for (its first argument), 10,000 by default. */
export function chatCount(args: readonly string[]): number {
  const [given] = args;
  if (given === undefined) return 10_000;
  const chats = Number(given);
  if (!Number.isSafeInteger(chats) || chats < 1) throw new Error(`not a number of chats: ${given}`);
  return chats;
}
