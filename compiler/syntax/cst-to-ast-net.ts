// Turns the network and run parts of the CST into AST nodes (populations, sources, projections,
// probes, phases, host learning), plus the small shared helpers the model builder also uses.
// Runs only on trees without syntax errors; it keeps spans and does not resolve names.
import type { CstNode, IToken } from "chevrotain";
import type * as A from "../ast/types.ts";
import { ExprBuilder } from "./cst-expr.ts";
import { children, has, sub, subs, tok, toks } from "./cst-util.ts";

export class NetBuilder extends ExprBuilder {
  protected constDecl(n: CstNode): A.ConstDecl {
    return {
      kind: "const",
      name: this.ident(tok(n, "Identifier")),
      value: this.expr(sub(n, "expr")),
      span: this.nspan(n),
    };
  }

  fields(n: CstNode | undefined): A.FieldAssign[] {
    if (!n) return [];
    return subs(n, "fieldAssign").map((f) => ({
      name: this.ident(tok(f, "Identifier")),
      value: this.expr(sub(f, "expr")),
      span: this.nspan(f),
    }));
  }

  protected network(n: CstNode): A.NetworkDecl {
    const items: A.NetworkItem[] = [];
    for (const it of subs(n, "networkItem")) {
      const c = children(it)[0]?.node;
      if (!c) continue;
      if (c.name === "populationDecl") items.push(this.population(c));
      else if (c.name === "projectionDecl") items.push(this.projection(c));
      else if (c.name === "probeDecl") items.push(this.probe(c));
      else if (c.name === "datasetDecl") items.push(this.dataset(c));
      else items.push(this.constDecl(c));
    }
    return { kind: "network", name: this.ident(tok(n, "Identifier")), items, span: this.nspan(n) };
  }

  protected dataset(n: CstNode): A.DatasetDecl {
    const ids = toks(n, "Identifier");
    const s = tok(n, "String");
    return {
      kind: "dataset",
      name: this.ident(ids[0]),
      format: this.ident(ids[1]),
      path: s ? s.image.slice(1, -1) : "",
      pathSpan: s ? this.span(s) : this.nspan(n),
      fields: this.fields(sub(n, "fieldBlock")),
      span: this.nspan(n),
    };
  }

  protected asCall(e: A.Expr): A.Call {
    if (e.kind === "call") return e;
    const name = e.kind === "name" ? e.name : "";
    return { kind: "call", callee: { name, span: e.span }, args: [], named: [], span: e.span };
  }

  protected population(n: CstNode): A.PopulationDecl {
    const ids = toks(n, "Identifier");
    const exprs = subs(n, "expr");
    const seedTok = tok(n, "Kw_seed");
    // The last expr is the seed when `seed` was written (it follows every shape expr).
    const shapeExprs = seedTok ? exprs.slice(0, -1) : exprs;
    const seedExpr = seedTok ? exprs[exprs.length - 1] : undefined;
    const src = sub(n, "sourceClause");
    const source = src ? this.source(src) : undefined;
    return {
      kind: "population",
      name: this.ident(ids[0]),
      model: this.ident(ids[1]),
      shape: shapeExprs.map((e) => this.expr(e)),
      params: this.fields(sub(n, "fieldBlock")),
      ...(source ? { source } : {}),
      ...(seedExpr ? { seed: this.expr(seedExpr) } : {}),
      span: this.nspan(n),
    };
  }

  protected source(n: CstNode): A.SourceClause {
    const span = this.nspan(n);
    if (tok(n, "Kw_at")) {
      const list = sub(n, "listLit");
      const l = list ? this.list(list) : undefined;
      return { kind: "steps", steps: l?.kind === "list" ? l.items : [], span };
    }
    if (tok(n, "Kw_every")) {
      const start = this.optExpr(n, "expr", 1);
      return {
        kind: "periodic",
        period: this.expr(sub(n, "expr")),
        ...(start ? { start } : {}),
        span,
      };
    }
    if (tok(n, "Kw_dataset")) {
      return {
        kind: "dataset",
        dataset: this.ident(tok(n, "Identifier")),
        label: has(n, "Kw_label"),
        encode: this.asCall(this.call(sub(n, "callExpr")!)),
        span,
      };
    }
    return { kind: "random", dist: this.asCall(this.call(sub(n, "callExpr")!)), span };
  }

  protected popRef(n: CstNode | undefined): A.PopRef {
    if (!n) return { name: this.ident(undefined), span: this.emptySpan() };
    const ids = toks(n, "Identifier");
    const slices = subs(n, "sliceExpr").map((s) => this.slice(s));
    return {
      name: this.ident(ids[0]),
      ...(ids[1] ? { port: this.ident(ids[1]) } : {}),
      ...(tok(n, "LBrack") ? { slice: slices } : {}),
      span: this.nspan(n),
    };
  }

  protected slice(n: CstNode): A.SliceExpr {
    const es = subs(n, "expr");
    return {
      lo: this.expr(es[0]),
      ...(es[1] ? { hi: this.expr(es[1]) } : {}),
      span: this.nspan(n),
    };
  }

  protected projection(n: CstNode): A.ProjectionDecl {
    const ids = toks(n, "Identifier");
    const labelled = toks(n, "Colon").length === 2;
    const refs = subs(n, "popRef");
    const items = subs(n, "projItem").map((p) => this.projItem(p));
    return {
      kind: "projection",
      ...(labelled ? { label: this.ident(ids[0]) } : {}),
      pre: this.popRef(refs[0]),
      post: this.popRef(refs[1]),
      synapse: this.ident(labelled ? ids[1] : ids[0]),
      items,
      span: this.nspan(n),
    };
  }

  protected projItem(n: CstNode): A.ProjectionItem {
    const span = this.nspan(n);
    const es = subs(n, "expr").map((e) => this.expr(e));
    if (tok(n, "Kw_connect")) {
      let k = 0;
      const where = tok(n, "Kw_where") ? es[k++] : undefined;
      const seed = tok(n, "Kw_seed") ? es[k++] : undefined;
      return {
        kind: "connect",
        connector: this.asCall(this.call(sub(n, "callExpr")!)),
        ...(where ? { where } : {}),
        ...(seed ? { seed } : {}),
        span,
      };
    }
    if (tok(n, "Kw_weight")) {
      let k = 1;
      const exp = tok(n, "Kw_exp") ? es[k++] : undefined;
      const seed = tok(n, "Kw_seed") ? es[k++] : undefined;
      return {
        kind: "weight",
        value: es[0] ?? this.expr(undefined),
        ...(exp ? { exp } : {}),
        ...(seed ? { seed } : {}),
        span,
      };
    }
    if (tok(n, "Kw_delay")) return { kind: "delay", value: es[0] ?? this.expr(undefined), span };
    if (tok(n, "Kw_tied")) return { kind: "tied", with: this.ident(tok(n, "Identifier")), span };
    if (tok(n, "Kw_learn")) return { kind: "learnFlag", on: has(n, "Kw_on"), span };
    return { kind: "allowFlush", span };
  }

  protected probe(n: CstNode): A.ProbeDecl {
    const span = this.nspan(n);
    const every = this.optExpr(n);
    const pr = sub(n, "projRef");
    if (pr) {
      const pids = toks(pr, "Identifier");
      return {
        kind: "probe",
        target: {
          kind: "proj",
          pre: this.ident(pids[0]),
          post: this.ident(pids[1]),
          span: this.nspan(pr),
        },
        fields: toks(n, "Identifier").map((t) => this.ident(t)),
        ...(every ? { every } : {}),
        span,
      };
    }
    const ids = toks(n, "Identifier");
    const first = ids[0];
    const slices = subs(n, "sliceExpr").map((s) => this.slice(s));
    const pop: A.PopRef = {
      name: this.ident(first),
      ...(tok(n, "LBrack") ? { slice: slices } : {}),
      span: first ? this.span(first) : span,
    };
    return {
      kind: "probe",
      target: { kind: "pop", pop },
      fields: ids.slice(1).map((t) => this.ident(t)),
      ...(every ? { every } : {}),
      span,
    };
  }

  protected run(n: CstNode): A.RunDecl {
    const ids = toks(n, "Identifier");
    return {
      kind: "run",
      network: this.ident(ids[0]),
      profile: this.ident(ids[1]),
      items: subs(n, "runItem").map((r) => this.runItem(r)),
      span: this.nspan(n),
    };
  }

  protected runItem(n: CstNode): A.RunItem {
    const span = this.nspan(n);
    const ids = toks(n, "Identifier");
    const es = subs(n, "expr").map((e) => this.expr(e));
    const zero = this.expr(undefined);
    if (tok(n, "Kw_present"))
      return { kind: "present", source: this.ident(ids[0]), steps: es[0] ?? zero, span };
    if (tok(n, "Kw_phases"))
      return { kind: "phases", phases: subs(n, "phaseDecl").map((p) => this.phase(p)), span };
    if (tok(n, "Kw_rows")) {
      const which = tok(n, "Kw_train") ?? tok(n, "Kw_test");
      return { kind: "rows", which: this.ident(which), lo: es[0] ?? zero, hi: es[1] ?? zero, span };
    }
    if (tok(n, "Kw_readout")) {
      return {
        kind: "readout",
        pop: this.ident(ids[0]),
        method: this.ident(ids[1]),
        ...(ids[2] ? { phase: this.ident(ids[2]) } : {}),
        span,
      };
    }
    if (tok(n, "Kw_learn") && tok(n, "Kw_in"))
      return { kind: "learnIn", phases: ids.map((t) => this.ident(t)), span };
    const hl = sub(n, "hostLearn");
    if (hl) return this.hostLearn(hl);
    const cd = sub(n, "constDecl");
    if (cd) return this.constDecl(cd);
    return { kind: "setting", name: this.ident(ids[0]), value: es[0] ?? zero, span };
  }

  protected phase(n: CstNode): A.PhaseDecl {
    const enable: A.Ident[] = [];
    const disable: A.Ident[] = [];
    let learn = false;
    const learnOnly: A.Ident[] = [];
    for (const it of subs(n, "phaseItem")) {
      const list = toks(it, "Identifier").map((t) => this.ident(t));
      if (tok(it, "Kw_learn")) {
        learn = true;
        learnOnly.push(...list);
      }
      if (tok(it, "Kw_enable")) enable.push(...list);
      if (tok(it, "Kw_disable")) disable.push(...list);
    }
    return {
      name: this.ident(tok(n, "Identifier")),
      steps: this.expr(sub(n, "expr")),
      learn,
      ...(learnOnly.length ? { learnOnly } : {}),
      enable,
      disable,
      span: this.nspan(n),
    };
  }

  protected hostLearn(n: CstNode): A.HostLearnDecl {
    // Items come in any order: walk the children in source order.
    const updates: A.HostLearnDecl["updates"] = [];
    const reads: A.Expr[] = [];
    const params: A.FieldAssign[] = [];
    let every: A.Expr | undefined;
    let mode = "";
    let paramName: IToken | undefined;
    let name: IToken | undefined;
    for (const c of children(n)) {
      if (c.tok) {
        if (c.key === "Identifier") {
          if (!name) name = c.tok;
          else if (mode === "param") paramName = c.tok;
        } else if (c.key.startsWith("Kw_")) mode = c.key.slice(3);
        continue;
      }
      const node = c.node!;
      if (node.name === "projRef") {
        const ids = toks(node, "Identifier");
        updates.push({ pre: this.ident(ids[0]), post: this.ident(ids[1]), span: this.nspan(node) });
      } else if (mode === "reads") reads.push(this.expr(node));
      else if (mode === "every") every = this.expr(node);
      else if (mode === "param" && paramName) {
        const value = this.expr(node);
        const id = this.ident(paramName);
        params.push({
          name: id,
          value,
          span: {
            ...id.span,
            endLine: value.span.endLine,
            endCol: value.span.endCol,
            length: value.span.offset + value.span.length - id.span.offset,
          },
        });
      }
    }
    return {
      kind: "hostLearn",
      name: this.ident(name),
      updates,
      reads,
      ...(every ? { every } : {}),
      ...(params.length ? { params } : {}),
      span: this.nspan(n),
    };
  }

  protected assignOp(n: CstNode | undefined): "=" | "+=" | "-=" {
    if (!n) return "=";
    if (has(n, "PlusEq")) return "+=";
    if (has(n, "MinusEq")) return "-=";
    return "=";
  }

  protected range(n: CstNode | undefined): A.RangeAnn | undefined {
    if (!n) return undefined;
    const es = subs(n, "expr");
    return { lo: this.expr(es[0]), hi: this.expr(es[1]), span: this.nspan(n) };
  }

  protected optExpr(n: CstNode, key = "expr", i = 0): A.Expr | undefined {
    const e = sub(n, key, i);
    return e ? this.expr(e) : undefined;
  }

  protected typeRef(t: IToken | undefined): A.TypeRef {
    const id = this.ident(t);
    return { name: id.name, span: id.span };
  }
}
