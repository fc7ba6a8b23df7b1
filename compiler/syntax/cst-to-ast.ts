// Turns the CST of a whole file into the typed AST (compiler/ast/types.ts). Runs only on trees
// without syntax errors. It keeps every span and does not resolve names or check meaning.
import type { CstNode } from "chevrotain";
import type * as A from "../ast/types.ts";
import { NetBuilder } from "./cst-to-ast-net.ts";
import { children, has, sub, subs, tok, toks } from "./cst-util.ts";

export class AstBuilder extends NetBuilder {
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
          ...(has(n, "Kw_persistent") ? { persistent: true } : {}),
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

  private rules(n: CstNode | undefined): A.RuleAssign[] {
    if (!n) return [];
    return subs(n, "ruleAssign").map((r) => ({
      target: this.ident(tok(r, "Identifier")),
      op: this.assignOp(sub(r, "assignOp")),
      value: this.expr(sub(r, "expr")),
      span: this.nspan(r),
    }));
  }
}
