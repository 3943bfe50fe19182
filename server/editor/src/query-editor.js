// The query page's editor: CodeMirror 6 over the page's own <textarea>, as an enhancement.
//
// Without this script the page is a plain form whose results the server renders. With it, the
// textarea is replaced by an editor that highlights SPARQL, completes our prefixes (and inserts
// the PREFIX line a known prefix needs), our classes and properties (from the ontology and the
// VoID partitions, served by /query/completions.json), keywords and the query's own variables,
// marks the line of a syntax error, and runs the query with Ctrl-Enter / Cmd-Enter by submitting
// the same form. Every request goes to this server; nothing is fetched from anywhere else.
// CodeMirror writes its own styles into a <style> element; the page's content security policy
// admits it by the nonce the server gives each page (data-style-nonce), and nothing else inline.

import { EditorState, StateField } from "@codemirror/state";
import {
  Decoration,
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import {
  StreamLanguage,
  bracketMatching,
  indentOnInput,
  syntaxHighlighting,
  syntaxTree,
} from "@codemirror/language";
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from "@codemirror/autocomplete";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import { tagHighlighter, tags } from "@lezer/highlight";

const highlighter = tagHighlighter([
  { tag: tags.keyword, class: "qp-tok-keyword" },
  { tag: tags.atom, class: "qp-tok-term" },
  { tag: tags.local(tags.variableName), class: "qp-tok-var" },
  { tag: tags.standard(tags.variableName), class: "qp-tok-fn" },
  { tag: tags.string, class: "qp-tok-string" },
  { tag: tags.comment, class: "qp-tok-comment" },
  { tag: tags.meta, class: "qp-tok-meta" },
  { tag: tags.operator, class: "qp-tok-op" },
  { tag: [tags.bracket, tags.punctuation], class: "qp-tok-punct" },
]);

const KEYWORDS = [
  "SELECT", "DISTINCT", "WHERE", "OPTIONAL", "FILTER", "FILTER NOT EXISTS", "MINUS", "UNION",
  "BIND", "VALUES", "GRAPH", "GROUP BY", "HAVING", "ORDER BY", "LIMIT", "OFFSET", "ASK",
  "CONSTRUCT", "DESCRIBE", "PREFIX", "COUNT", "SAMPLE", "GROUP_CONCAT", "lang", "langMatches",
  "str", "STRSTARTS", "CONTAINS", "REGEX", "COALESCE", "IF", "DESC", "ASC", "AS", "a",
];

// --- completions data (fetched once, from this server) ---------------------------------------

let completionData = null;
function loadCompletions(url) {
  if (!completionData) {
    completionData = fetch(url, { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : { prefixes: {}, terms: [] }))
      .catch(() => ({ prefixes: {}, terms: [] }));
  }
  return completionData;
}

// --- PREFIX lines ----------------------------------------------------------------------------

function declaredPrefixes(text) {
  const found = new Set();
  for (const m of text.matchAll(/^\s*PREFIX\s+([A-Za-z][\w.-]*)?:/gim)) found.add(m[1] || "");
  return found;
}

// Where a new PREFIX line goes: after the last PREFIX/BASE line, else before the first line
// that is neither blank nor a comment (so after a query file's `#+` header).
function prefixInsertPosition(doc) {
  let after = null;
  let firstCode = null;
  for (let n = 1; n <= doc.lines; n++) {
    const line = doc.line(n);
    const text = line.text.trim();
    if (/^(PREFIX|BASE)\b/i.test(text)) after = line;
    else if (text && !text.startsWith("#") && firstCode === null) firstCode = line;
    if (firstCode && !/^(PREFIX|BASE)\b/i.test(text) && text && !text.startsWith("#")) break;
  }
  if (after) return { pos: after.to, text: (decl) => "\n" + decl };
  if (firstCode) return { pos: firstCode.from, text: (decl) => decl + "\n" };
  return { pos: 0, text: (decl) => decl + "\n" };
}

function prefixChange(state, prefixes, prefix) {
  const ns = prefixes[prefix];
  if (!ns || declaredPrefixes(state.doc.toString()).has(prefix)) return null;
  const where = prefixInsertPosition(state.doc);
  return { from: where.pos, insert: where.text(`PREFIX ${prefix}: <${ns}>`) };
}

function insideLiteralOrComment(state, pos) {
  const node = syntaxTree(state).resolveInner(pos, -1);
  return /string|comment/.test(node.type.name);
}

// Typing ":" after a known prefix (outside strings, comments and <IRIs>) declares it.
function autoPrefix(getPrefixes) {
  return EditorView.updateListener.of((update) => {
    if (!update.docChanged) return;
    const prefixes = getPrefixes();
    if (!prefixes) return;
    for (const tr of update.transactions) {
      if (!tr.isUserEvent("input.type")) continue;
      let typedColonAt = -1;
      tr.changes.iterChanges((fromA, toA, fromB, toB, inserted) => {
        if (inserted.toString() === ":") typedColonAt = fromB;
      });
      if (typedColonAt < 0) continue;
      const state = update.state;
      const line = state.doc.lineAt(typedColonAt);
      const before = line.text.slice(0, typedColonAt - line.from);
      const m = before.match(/(^|[^\w.<:/?$#"'-])([A-Za-z][\w.-]*)$/);
      if (!m || /^\s*PREFIX\s/i.test(line.text)) continue;
      if (insideLiteralOrComment(state, typedColonAt)) continue;
      const change = prefixChange(state, prefixes, m[2]);
      if (change) update.view.dispatch({ changes: change, userEvent: "input.prefix" });
    }
  });
}

// --- the completion source -------------------------------------------------------------------

function termInfo(term) {
  return () => {
    const box = document.createElement("div");
    box.className = "qp-cm-info";
    const iri = document.createElement("code");
    iri.textContent = term.iri;
    box.append(iri);
    if (term.definition) {
      const p = document.createElement("p");
      p.textContent = term.definition;
      box.append(p);
    }
    if (term.count) {
      const p = document.createElement("p");
      p.className = "qp-cm-count";
      p.textContent = term.countText;
      box.append(p);
    }
    return box;
  };
}

function completionSource(url) {
  return async (context) => {
    const data = await loadCompletions(url);
    const prefixes = data.prefixes || {};
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    if (insideLiteralOrComment(context.state, context.pos)) return null;

    // PREFIX declarations: "PREFIX sk" offers "skos: <…>".
    const decl = before.match(/^\s*PREFIX\s+([\w.-]*):?$/i);
    if (decl) {
      return {
        from: context.pos - decl[1].length - (before.endsWith(":") ? 1 : 0),
        options: Object.entries(prefixes).map(([p, ns]) => ({
          label: `${p}:`,
          apply: `${p}: <${ns}>`,
          detail: ns,
          type: "namespace",
        })),
      };
    }

    // Variables used in the query.
    const variable = context.matchBefore(/[?$][\w]*/);
    if (variable) {
      const seen = new Set(context.state.doc.toString().match(/[?$][A-Za-z_][\w]*/g) || []);
      seen.delete(variable.text);
      return {
        from: variable.from,
        options: [...seen].map((v) => ({ label: v, type: "variable" })),
        validFor: /^[?$][\w]*$/,
      };
    }

    const word = context.matchBefore(/[A-Za-z][\w.-]*:[\w.%-]*|[A-Za-z][\w-]*/);
    if (!word && !context.explicit) return null;
    const from = word ? word.from : context.pos;
    const afterA = /(\ba|rdf:type)\s+$/.test(line.text.slice(0, from - line.from));
    const terms = (data.terms || []).map((t) => ({
      label: t.curie,
      detail: t.label || "",
      type: t.kind === "class" ? "class" : "property",
      boost: (t.kind === "class") === afterA ? 2 : 0,
      info: termInfo(t),
      apply: (view, completion, f, to) => {
        const changes = [{ from: f, to, insert: t.curie }];
        const extra = prefixChange(view.state, prefixes, t.curie.split(":")[0]);
        if (extra) changes.push(extra);
        // The selection is placed in the new document: after the term, below any new PREFIX.
        const shift = extra && extra.from <= f ? extra.insert.length : 0;
        view.dispatch({
          changes,
          selection: { anchor: f + shift + t.curie.length },
          userEvent: "input.complete",
        });
      },
    }));
    if (word && word.text.includes(":")) {
      return { from, options: terms, validFor: /^[\w.-]*:[\w.%-]*$/ };
    }
    const prefixOptions = Object.entries(prefixes).map(([p, ns]) => ({
      label: `${p}:`,
      detail: ns,
      type: "namespace",
      boost: 1,
      apply: (view, completion, f, to) => {
        const changes = [{ from: f, to, insert: `${p}:` }];
        const extra = prefixChange(view.state, prefixes, p);
        if (extra) changes.push(extra);
        const shift = extra && extra.from <= f ? extra.insert.length : 0;
        view.dispatch({
          changes,
          selection: { anchor: f + shift + p.length + 1 },
          userEvent: "input.complete",
        });
      },
    }));
    const keywordOptions = KEYWORDS.map((k) => ({ label: k, type: "keyword", boost: -1 }));
    return { from, options: [...prefixOptions, ...terms, ...keywordOptions] };
  };
}

// --- the line of a syntax error --------------------------------------------------------------

const errorLineMark = Decoration.line({ class: "qp-cm-error-line" });

function errorLine(lineNumber) {
  return StateField.define({
    create: (state) =>
      lineNumber >= 1 && lineNumber <= state.doc.lines
        ? Decoration.set([errorLineMark.range(state.doc.line(lineNumber).from)])
        : Decoration.none,
    update: (value, tr) => value.map(tr.changes),
    provide: (field) => EditorView.decorations.from(field),
  });
}

// --- putting it together ---------------------------------------------------------------------

function enhance(textarea) {
  const form = textarea.form;
  const completionsUrl = textarea.dataset.completions;
  let prefixes = null;
  loadCompletions(completionsUrl).then((data) => {
    prefixes = data.prefixes || {};
  });

  const run = () => {
    textarea.value = view.state.doc.toString();
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
    return true;
  };
  const labelledBy = textarea.dataset.labelledby;
  const describedBy = textarea.getAttribute("aria-describedby");
  const contentAttributes = { "aria-multiline": "true", spellcheck: "false" };
  if (labelledBy) contentAttributes["aria-labelledby"] = labelledBy;
  if (describedBy) contentAttributes["aria-describedby"] = describedBy;

  const state = EditorState.create({
    doc: textarea.value,
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      highlightActiveLine(),
      StreamLanguage.define(sparql),
      syntaxHighlighting(highlighter),
      autocompletion({ override: [completionSource(completionsUrl)], icons: false }),
      autoPrefix(() => prefixes),
      errorLine(Number(textarea.dataset.errorLine || 0)),
      keymap.of([
        { key: "Mod-Enter", run, preventDefault: true },
        ...closeBracketsKeymap,
        ...defaultKeymap,
        ...historyKeymap,
        ...completionKeymap,
      ]),
      EditorView.contentAttributes.of(contentAttributes),
      // The editor manages its own class list; this is how a class stays on it.
      EditorView.editorAttributes.of({ class: "qp-cm" }),
      EditorView.lineWrapping,
      EditorView.cspNonce.of(textarea.dataset.styleNonce || ""),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) textarea.value = update.state.doc.toString();
      }),
    ],
  });
  const view = new EditorView({ state });
  textarea.insertAdjacentElement("afterend", view.dom);
  textarea.hidden = true;
  textarea.setAttribute("aria-hidden", "true");
  form.addEventListener("submit", () => {
    textarea.value = view.state.doc.toString();
  });
  if (labelledBy) {
    const label = document.getElementById(labelledBy);
    if (label) label.addEventListener("click", () => view.focus());
  }
  const line = Number(textarea.dataset.errorLine || 0);
  if (line >= 1 && line <= view.state.doc.lines) {
    const pos = view.state.doc.line(line).from;
    view.dispatch({ effects: EditorView.scrollIntoView(pos, { y: "center" }) });
  }
  for (const hint of document.querySelectorAll("[data-js-only]")) hint.hidden = false;
  document.documentElement.classList.add("qp-js");
  return view;
}

function start() {
  const textarea = document.getElementById("query");
  if (textarea && textarea.form) window.ikkanQueryEditor = enhance(textarea);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
