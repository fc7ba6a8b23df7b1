// Turns the CST of a whole file into the typed AST (compiler/ast/types.ts). Runs only on trees
// without syntax errors. It keeps every span and does not resolve names or check meaning.
import type { CstNode, IToken } from "chevrotain";
import type * as A from "../ast/types.ts";
import { ExprBuilder } from "./cst-expr.ts";
import { children, has, sub, subs, tok, toks } from "./cst-util.ts";

export class AstBuilder extends ExprBuilder {
  program(n: CstNode): A.Program {
    const items: A.TopItem[] = [];
    for (const ti of subs(n, "topItem")) {
      const c = children(ti)[0]?.node;
      const item = c ? this.topItem(c) : undefined;
      if (item) items.push(item);
    }
    const v = sub(n, "versionDecl");
    const vt = v ? tok(v, "Number") : undefined;
    return {
      file: this.file,
      items,
      ...(vt
        ? {
            version: {
              kind: "number",
              value: Number(vt.image),
              text: vt.image,
              span: this.span(vt),
            },
          }
        : {}),
      span: this.nspan(n),
    };
  }

  private topItem(n: CstNode): A.TopItem | undefined {
    switch (n.name) {
      case "importDecl": {
        const s = tok(n, "String");
        return {
          kind: "import",
          path: s ? s.image.slice(1, -1) : "",
          pathSpan: s ? this.span(s) : this.nspan(n),
          names: toks(n, "Identifier").map((t) => this.ident(t)),
          span: this.nspan(n),
        };
      }
      case "constDecl":
        return this.constDecl(n);
      case "neuronDecl":
        return this.neuron(n);
      case "synapseDecl":
        return this.synapse(n);
      case "networkDecl":
        return this.network(n);
      case "runDecl":
        return this.run(n);
      case "datasetDecl":
        return this.dataset(n);
      default:
        return undefined;
    }
  }

  private constDecl(n: CstNode): A.ConstDecl {
    return {
      kind: "const",
      name: this.ident(tok(n, "Identifier")),
      value: this.expr(sub(n, "expr")),
      span: this.nspan(n),
    };
  }

  private typeRef(t: IToken | undefined): A.TypeRef {
    const id = this.ident(t);
    return { name: id.name, span: id.span };
  }

  private range(n: CstNode | undefined): A.RangeAnn | undefined {
    if (!n) return undefined;
    const es = subs(n, "expr");
    return { lo: this.expr(es[0]), hi: this.expr(es[1]), span: this.nspan(n) };
  }

  private optExpr(n: CstNode, key = "expr", i = 0): A.Expr | undefined {
    const e = sub(n, key, i);
    return e ? this.expr(e) : undefined;
  }

  // ---- neurons ----------------------------------------------------------------------------------
  private neuron(n: CstNode): A.NeuronDecl {
    const ids = toks(n, "Identifier");
    const items: A.NeuronItem[] = [];
    for (const it of subs(n, "neuronItem")) {
      const c = children(it)[0]?.node;
      if (c) items.push(this.neuronItem(c));
    }
    return {
      kind: "neuron",
      name: this.ident(ids[0]),
      ...(ids[1] ? { extends: this.ident(ids[1]) } : {}),
      items,
      span: this.nspan(n),
    };
  }

  private neuronItem(n: CstNode): A.NeuronItem {
    const span = this.nspan(n);
    const ids = toks(n, "Identifier");
    switch (n.name) {
      case "paramDecl": {
        const range = this.range(sub(n, "rangeAnn"));
        const def = this.optExpr(n);
        return {
          kind: "param",
          name: this.ident(ids[0]),
          type: this.typeRef(ids[1]),
          ...(range ? { range } : {}),
          ...(def ? { default: def } : {}),
          span,
        };
      }
      case "deriveDecl":
        return {
          kind: "derive",
          target: this.ident(ids[0]),
          sources: ids.slice(1).map((t) => this.ident(t)),
          value: this.expr(sub(n, "expr")),
          span,
        };
      case "stateDecl": {
        const init = this.optExpr(n);
        return {
          kind: "state",
          name: this.ident(ids[0]),
          type: this.typeRef(ids[1]),
          ...(init ? { init } : {}),
          span,
        };
      }
      case "inputDecl":
        return { kind: "input", name: this.ident(ids[0]), type: this.typeRef(ids[1]), span };
      case "updateBlock":
        return { kind: "update", body: this.block(sub(n, "block")), span };
      case "spikeWhen": {
        const payload = this.optExpr(n, "expr", 1);
        return {
          kind: "spikeWhen",
          cond: this.expr(sub(n, "expr")),
          ...(payload ? { payload } : {}),
          span,
        };
      }
      case "resetDecl":
        return {
          kind: "reset",
          target: this.ident(ids[0]),
          mode: has(n, "Kw_subtract") ? "subtract" : "to",
          value: this.expr(sub(n, "expr")),
          span,
        };
      case "floorDecl":
        return {
          kind: "floor",
          target: this.ident(ids[0]),
          value: this.expr(sub(n, "expr")),
          span,
        };
      case "refractoryDecl": {
        const hold = ids[1]
          ? { hold: { target: this.ident(ids[1]), value: this.expr(sub(n, "expr", 1)) } }
          : {};
        return {
          kind: "refractory",
          counter: this.ident(ids[0]),
          period: this.expr(sub(n, "expr")),
          ...hold,
          span,
        };
      }
      case "exportDecl":
        return {
          kind: "export",
          what: has(n, "Kw_factor") ? "factor" : "trace",
          name: this.ident(ids[0]),
          value: this.expr(sub(n, "expr")),
          span,
        };
      case "weightUnitDecl":
        return {
          kind: "weightUnit",
          unit: this.ident(ids[0]),
          value: this.expr(sub(n, "expr")),
          span,
        };
      default:
        return this.constDecl(n);
    }
  }

  private block(n: CstNode | undefined): A.Stmt[] {
    if (!n) return [];
    return subs(n, "stmt").flatMap((s) => {
      const c = children(s)[0]?.node;
      return c ? [this.stmt(c)] : [];
    });
  }

  private stmt(n: CstNode): A.Stmt {
    const span = this.nspan(n);
    switch (n.name) {
      case "letStmt":
        return {
          kind: "let",
          name: this.ident(tok(n, "Identifier")),
          value: this.expr(sub(n, "expr")),
          span,
        };
      case "ifStmt": {
        const elseIf = sub(n, "ifStmt");
        const blocks = subs(n, "block");
        return {
          kind: "if",
          cond: this.expr(sub(n, "expr")),
          // biome-ignore lint/suspicious/noThenProperty: `then` is the branch field of the shared IR
          then: this.block(blocks[0]),
          else: elseIf ? [this.stmt(elseIf)] : this.block(blocks[1]),
          span,
        };
      }
      case "spikeStmt": {
        const payload = this.optExpr(n);
        return { kind: "spike", ...(payload ? { payload } : {}), span };
      }
      default:
        return {
          kind: "assign",
          target: this.ident(tok(n, "Identifier")),
          op: this.assignOp(sub(n, "assignOp")),
          value: this.expr(sub(n, "expr")),
          span,
        };
    }
  }

  private assignOp(n: CstNode | undefined): "=" | "+=" | "-=" {
    if (!n) return "=";
    if (has(n, "PlusEq")) return "+=";
    if (has(n, "MinusEq")) return "-=";
    return "=";
  }

  // ---- synapses ---------------------------------------------------------------------------------
  private synapse(n: CstNode): A.SynapseDecl {
    const ids = toks(n, "Identifier");
    const items: A.SynapseItem[] = [];
    for (const it of subs(n, "synapseItem")) {
      const c = children(it)[0]?.node;
      if (c) items.push(this.synapseItem(c));
    }
    return {
      kind: "synapse",
      name: this.ident(ids[0]),
      ...(ids[1] ? { extends: this.ident(ids[1]) } : {}),
      items,
      span: this.nspan(n),
    };
  }

  private synapseItem(n: CstNode): A.SynapseItem {
    const span = this.nspan(n);
    const ids = toks(n, "Identifier");
    const init = this.optExpr(n);
    switch (n.name) {
      case "synWeight": {
        const range = this.range(sub(n, "rangeAnn"));
        return {
          kind: "synWeight",
          name: this.ident(ids[0]),
          type: this.typeRef(ids[1]),
          ...(range ? { range } : {}),
          ...(init ? { init } : {}),
          span,
        };
      }
      case "synDelay":
        return {
          kind: "synDelay",
          name: this.ident(ids[0]),
          ...(ids[1] ? { type: this.typeRef(ids[1]) } : {}),
          ...(init ? { init } : {}),
          mode: has(n, "Kw_axonal") ? "axonal" : "dendritic",
          span,
        };
      case "synTag":
        return {
          kind: "synTag",
          name: this.ident(ids[0]),
          ...(ids[1] ? { type: this.typeRef(ids[1]) } : {}),
          ...(init ? { init } : {}),
          span,
        };
      case "traceDecl":
        return {
          kind: "trace",
          side: has(n, "Kw_pre") ? "pre" : "post",
          name: this.ident(ids[0]),
          fields: this.fields(sub(n, "fieldBlock")),
          span,
        };
      case "learnBlock": {
        const every = this.optExpr(n);
        return {
          kind: "learn",
          ...(every ? { every } : {}),
          rules: this.rules(sub(n, "ruleBlock")),
          span,
        };
      }
      case "eventBlock":
        return {
          kind: "event",
          on: this.ident(ids[0]),
          rules: this.rules(sub(n, "ruleBlock")),
          span,
        };
      default:
        return this.constDecl(n);
    }
  }

  fields(n: CstNode | undefined): A.FieldAssign[] {
    if (!n) return [];
    return subs(n, "fieldAssign").map((f) => ({
      name: this.ident(tok(f, "Identifier")),
      value: this.expr(sub(f, "expr")),
      span: this.nspan(f),
    }));
  }

  private rules(n: CstNode | undefined): A.RuleAssign[] {
    if (!n) return [];
    return subs(n, "ruleAssign").map((r) => ({
      target: this.ident(tok(r, "Identifier")),
      op: this.assignOp(sub(r, "assignOp")),
      value: this.expr(sub(r, "expr")),
      span: this.nspan(r),
    }));
  }

  // ---- networks ---------------------------------------------------------------------------------
  private network(n: CstNode): A.NetworkDecl {
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

  private dataset(n: CstNode): A.DatasetDecl {
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

  private asCall(e: A.Expr): A.Call {
    if (e.kind === "call") return e;
    const name = e.kind === "name" ? e.name : "";
    return { kind: "call", callee: { name, span: e.span }, args: [], named: [], span: e.span };
  }

  private population(n: CstNode): A.PopulationDecl {
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

  private source(n: CstNode): A.SourceClause {
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

  private popRef(n: CstNode | undefined): A.PopRef {
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

  private slice(n: CstNode): A.SliceExpr {
    const es = subs(n, "expr");
    return {
      lo: this.expr(es[0]),
      ...(es[1] ? { hi: this.expr(es[1]) } : {}),
      span: this.nspan(n),
    };
  }

  private projection(n: CstNode): A.ProjectionDecl {
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

  private projItem(n: CstNode): A.ProjectionItem {
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

  private probe(n: CstNode): A.ProbeDecl {
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

  // ---- run --------------------------------------------------------------------------------------
  private run(n: CstNode): A.RunDecl {
    const ids = toks(n, "Identifier");
    return {
      kind: "run",
      network: this.ident(ids[0]),
      profile: this.ident(ids[1]),
      items: subs(n, "runItem").map((r) => this.runItem(r)),
      span: this.nspan(n),
    };
  }

  private runItem(n: CstNode): A.RunItem {
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

  private phase(n: CstNode): A.PhaseDecl {
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

  private hostLearn(n: CstNode): A.HostLearnDecl {
    const updates = subs(n, "projRef").map((p) => {
      const ids = toks(p, "Identifier");
      return { pre: this.ident(ids[0]), post: this.ident(ids[1]), span: this.nspan(p) };
    });
    const es = subs(n, "expr").map((e) => this.expr(e));
    const hasEvery = !!tok(n, "Kw_every");
    const every = hasEvery ? es[es.length - 1] : undefined;
    const reads = hasEvery ? es.slice(0, -1) : es;
    // `every` may be written before `reads`; order the expressions by position to be exact.
    if (hasEvery) {
      const everyTok = tok(n, "Kw_every")!;
      const after = es.filter((e) => e.span.offset > everyTok.startOffset);
      const first = after[0];
      if (first) {
        return {
          kind: "hostLearn",
          name: this.ident(tok(n, "Identifier")),
          updates,
          reads: es.filter((e) => e !== first),
          every: first,
          span: this.nspan(n),
        };
      }
    }
    return {
      kind: "hostLearn",
      name: this.ident(tok(n, "Identifier")),
      updates,
      reads,
      ...(every ? { every } : {}),
      span: this.nspan(n),
    };
  }
}
