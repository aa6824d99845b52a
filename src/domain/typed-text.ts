// Characters that show as nothing: zero-width space and joiners, direction marks and embeddings, the
// byte-order mark, soft hyphens (Unicode's format characters, Cf). A word pasted with one looked right
// and was refused ("ukraine\u200B": unknown topic, did you mean ukraine?).
const invisible = /\p{Cf}/gu;

/**
 * What a person typed in a chat command, as they meant it: compatibility forms folded (full-width
 * "７d" is 7d, "ｕｋｒａｉｎｅ" is ukraine: NFKC) and invisible characters dropped.
 */
export function cleanTyped(text: string): string {
  return text.normalize('NFKC').replace(invisible, '');
}
