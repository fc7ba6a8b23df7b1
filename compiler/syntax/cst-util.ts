// Helpers for reading Chevrotain CST nodes in source order and making spans from tokens.
// Only used on trees without syntax errors, so every expected child is present.
import type { CstElement, CstNode, IToken } from "chevrotain";
import type { Span } from "../ast/types.ts";

export interface Child {
  key: string;
  node?: CstNode;
  tok?: IToken;
  offset: number;
}

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

/** All children of a node, in source order, each tagged with the key it was recorded under. */
export function children(node: CstNode): Child[] {
  const out: Child[] = [];
  for (const [key, list] of Object.entries(node.children)) {
    for (const e of list) {
      if (isToken(e)) out.push({ key, tok: e, offset: e.startOffset });
      else out.push({ key, node: e, offset: e.location?.startOffset ?? 0 });
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** The i-th child CST node recorded under `key`. */
export function sub(node: CstNode, key: string, i = 0): CstNode | undefined {
  const e = node.children[key]?.[i];
  return e && !isToken(e) ? e : undefined;
}

export function subs(node: CstNode, key: string): CstNode[] {
  return (node.children[key] ?? []).filter((e): e is CstNode => !isToken(e));
}

/** The i-th token recorded under `key` (token type name, e.g. "Identifier", "Kw_weight"). */
export function tok(node: CstNode, key: string, i = 0): IToken | undefined {
  const e = node.children[key]?.[i];
  return e && isToken(e) ? e : undefined;
}

export function toks(node: CstNode, key: string): IToken[] {
  return (node.children[key] ?? []).filter(isToken);
}

export function has(node: CstNode, key: string): boolean {
  return (node.children[key]?.length ?? 0) > 0;
}

export function tokenSpan(file: string, t: IToken): Span {
  const line = t.startLine ?? 1;
  const col = t.startColumn ?? 1;
  return {
    file,
    line,
    col,
    endLine: t.endLine ?? line,
    endCol: (t.endColumn ?? col) + 1,
    offset: t.startOffset,
    length: t.image.length,
  };
}

export function nodeSpan(file: string, n: CstNode): Span {
  const l = n.location;
  if (!l || Number.isNaN(l.startOffset)) {
    return { file, line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, length: 0 };
  }
  const line = l.startLine ?? 1;
  const col = l.startColumn ?? 1;
  const endOffset = l.endOffset ?? l.startOffset;
  return {
    file,
    line,
    col,
    endLine: l.endLine ?? line,
    endCol: (l.endColumn ?? col) + 1,
    offset: l.startOffset,
    length: endOffset - l.startOffset + 1,
  };
}

/** The span from the start of `a` to the end of `b`. */
export function joinSpans(a: Span, b: Span): Span {
  return {
    file: a.file,
    line: a.line,
    col: a.col,
    endLine: b.endLine,
    endCol: b.endCol,
    offset: a.offset,
    length: b.offset + b.length - a.offset,
  };
}
