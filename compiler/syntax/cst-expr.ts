// Turns expression CST nodes into AST expressions. Binary operators are left-associative
// except `^` (right-associative through unaryExpr). It must not judge meaning (units, names).
import type { CstNode, IToken } from "chevrotain";
import type { BinaryOp, Expr, Ident, NamedArg, Span } from "../ast/types.ts";
import { children, joinSpans, nodeSpan, sub, subs, tok, tokenSpan, toks } from "./cst-util.ts";

export class ExprBuilder {
  constructor(readonly file: string) {}

  span(t: IToken): Span {
    return tokenSpan(this.file, t);
  }

  nspan(n: CstNode): Span {
    return nodeSpan(this.file, n);
  }

  ident(t: IToken | undefined): Ident {
    if (!t) return { name: "", span: this.emptySpan() };
    return { name: t.image, span: this.span(t) };
  }

  emptySpan(): Span {
    return { file: this.file, line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, length: 0 };
  }

  expr(n: CstNode | undefined): Expr {
    if (!n) return { kind: "number", value: 0, text: "0", span: this.emptySpan() };
    if (n.name === "expr") {
      const ifTok = tok(n, "Kw_if");
      if (ifTok) {
        const es = subs(n, "expr");
        return {
          kind: "conditional",
          cond: this.expr(sub(n, "orExpr")),
          // biome-ignore lint/suspicious/noThenProperty: `then` is the branch field of the shared IR
          then: this.expr(es[0]),
          else: this.expr(es[1]),
          span: this.nspan(n),
        };
      }
      return this.expr(sub(n, "orExpr"));
    }
    switch (n.name) {
      case "orExpr":
      case "andExpr":
      case "cmpExpr":
      case "shiftExpr":
      case "addExpr":
      case "mulExpr":
        return this.binaryChain(n);
      case "unaryExpr":
        return this.unary(n);
      case "powExpr":
        return this.pow(n);
      case "postfixExpr":
        return this.postfix(n);
      case "primary":
        return this.primary(n);
      case "callExpr":
        return this.call(n);
      default:
        return { kind: "number", value: 0, text: "0", span: this.nspan(n) };
    }
  }

  private binaryChain(n: CstNode): Expr {
    // Most chain levels hold a single operand: skip the ordering of children then.
    const keys = Object.keys(n.children);
    if (keys.length === 1) {
      const only = n.children[keys[0]!]!;
      if (only.length === 1 && !("image" in only[0]!)) return this.expr(only[0] as CstNode);
    }
    const seq = children(n);
    let left: Expr | undefined;
    let op: IToken | undefined;
    for (const c of seq) {
      if (c.node) {
        const right = this.expr(c.node);
        if (left === undefined) left = right;
        else if (op) {
          left = {
            kind: "binary",
            op: op.image as BinaryOp,
            left,
            right,
            opSpan: this.span(op),
            span: joinSpans(left.span, right.span),
          };
        }
      } else if (c.tok) {
        op = c.tok;
      }
    }
    return left ?? this.expr(undefined);
  }

  private unary(n: CstNode): Expr {
    const inner = sub(n, "unaryExpr");
    if (inner) {
      const opTok = tok(n, "UnaryOp");
      const operand = this.expr(inner);
      const opSpan = opTok ? this.span(opTok) : operand.span;
      return {
        kind: "unary",
        op: (opTok?.image ?? "-") as "-" | "+" | "!",
        operand,
        span: joinSpans(opSpan, operand.span),
      };
    }
    return this.expr(sub(n, "powExpr"));
  }

  private pow(n: CstNode): Expr {
    const base = this.expr(sub(n, "postfixExpr"));
    const caret = tok(n, "Caret");
    const expN = sub(n, "unaryExpr");
    if (!caret || !expN) return base;
    const right = this.expr(expN);
    return {
      kind: "binary",
      op: "^",
      left: base,
      right,
      opSpan: this.span(caret),
      span: joinSpans(base.span, right.span),
    };
  }

  private postfix(n: CstNode): Expr {
    let e = this.expr(sub(n, "primary"));
    for (const t of toks(n, "Identifier")) {
      const member = this.ident(t);
      e = { kind: "member", object: e, member, span: joinSpans(e.span, member.span) };
    }
    return e;
  }

  private primary(n: CstNode): Expr {
    const num = tok(n, "Number");
    if (num) {
      const unit = tok(n, "Unit");
      const s = this.span(num);
      return {
        kind: "number",
        value: Number(num.image),
        text: unit ? `${num.image} ${unit.image}` : num.image,
        ...(unit ? { unit: unit.image } : {}),
        span: unit ? joinSpans(s, this.span(unit)) : s,
      };
    }
    const pr = sub(n, "projRef");
    if (pr) {
      const ids = toks(pr, "Identifier");
      return {
        kind: "projection",
        pre: this.ident(ids[0]),
        post: this.ident(ids[1]),
        span: this.nspan(pr),
      };
    }
    const call = sub(n, "callExpr");
    if (call) return this.call(call);
    const list = sub(n, "listLit");
    if (list) return this.list(list);
    const inner = this.expr(sub(n, "expr"));
    const lp = tok(n, "LParen");
    const rp = tok(n, "RParen");
    // Keep the parentheses in the span so carets cover what the user wrote.
    if (lp && rp) return { ...inner, span: joinSpans(this.span(lp), this.span(rp)) };
    return inner;
  }

  list(n: CstNode): Expr {
    return { kind: "list", items: subs(n, "expr").map((e) => this.expr(e)), span: this.nspan(n) };
  }

  call(n: CstNode): Expr {
    const callee = this.ident(tok(n, "Identifier"));
    if (!tok(n, "LParen")) return { kind: "name", name: callee.name, span: callee.span };
    const args: Expr[] = [];
    const named: NamedArg[] = [];
    for (const a of subs(n, "argument")) {
      const value = this.expr(sub(a, "expr"));
      const nameTok = tok(a, "Identifier");
      if (nameTok) {
        named.push({ name: this.ident(nameTok), value, span: this.nspan(a) });
      } else {
        args.push(value);
      }
    }
    return { kind: "call", callee, args, named, span: this.nspan(n) };
  }
}
